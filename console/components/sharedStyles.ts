/** The console's look, shared by every component through Lit's adopted style sheets. */
import { css } from 'lit'

export const sharedStyles = css`
  :host {
    display: block;
    --accent: #1d5f8a;
    --accent-dark: #123f5c;
    --danger: #a12a1d;
    --muted: #4d5966;
    --line: #c9d1d9;
    --surface: #ffffff;
  }
  [hidden] {
    display: none !important;
  }
  h1,
  h2,
  h3 {
    line-height: 1.25;
    margin: 0 0 0.75rem;
  }
  h1 {
    font-size: 1.5rem;
  }
  h2 {
    font-size: 1.2rem;
  }
  h3 {
    font-size: 1.05rem;
  }
  p {
    margin: 0 0 0.75rem;
  }
  a {
    color: var(--accent);
  }
  .panel {
    background: var(--surface);
    border: 1px solid var(--line);
    border-radius: 6px;
    padding: 1rem;
    margin: 0 0 1rem;
  }
  button,
  .button {
    font: inherit;
    display: inline-block;
    border-radius: 4px;
    border: 1px solid var(--accent);
    background: var(--accent);
    color: #fff;
    padding: 0.4rem 0.9rem;
    cursor: pointer;
    text-decoration: none;
    min-height: 2.25rem;
    box-sizing: border-box;
  }
  button.secondary,
  .button.secondary {
    background: #fff;
    color: var(--accent-dark);
  }
  button.danger {
    background: var(--danger);
    border-color: var(--danger);
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  button:focus-visible,
  a:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  [tabindex]:focus-visible {
    outline: 3px solid #f0b400;
    outline-offset: 2px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin: 0 0 1rem;
  }
  label {
    display: block;
    font-weight: 600;
    margin: 0 0 0.25rem;
  }
  label.inline {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    font-weight: normal;
  }
  input,
  select,
  textarea {
    font: inherit;
    box-sizing: border-box;
    width: 100%;
    max-width: 32rem;
    padding: 0.35rem 0.5rem;
    border: 1px solid #6b7785;
    border-radius: 4px;
    background: #fff;
    color: inherit;
  }
  input,
  select {
    min-height: 2.25rem;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: auto;
    min-height: 0;
    margin: 0;
  }
  /* A dialog is narrow enough for its fields to take its whole width. */
  smp-dialog input,
  smp-dialog select,
  smp-dialog textarea {
    max-width: none;
  }
  .field {
    margin: 0 0 0.9rem;
  }
  fieldset {
    border: 1px solid var(--line);
    border-radius: 4px;
    margin: 0 0 0.9rem;
    padding: 0.5rem 0.75rem;
  }
  legend {
    font-weight: 600;
    padding: 0 0.25rem;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 12rem), 1fr));
    gap: 0 1rem;
  }
  /* Positioned, so that visually hidden text in a cell is clipped by the scroller too. */
  .table-wrap {
    position: relative;
    overflow-x: auto;
    margin: 0 0 1rem;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    background: var(--surface);
  }
  th,
  td {
    text-align: left;
    vertical-align: top;
    padding: 0.4rem 0.5rem;
    border-bottom: 1px solid var(--line);
  }
  th {
    background: #e8edf2;
    font-weight: 600;
  }
  dl {
    display: grid;
    grid-template-columns: minmax(8rem, max-content) 1fr;
    gap: 0.35rem 1rem;
    margin: 0 0 1rem;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .error {
    color: var(--danger);
    font-weight: 600;
  }
  /* The server's own words and per-field problems under the console's sentence. */
  .problem-detail {
    display: block;
    font-weight: normal;
  }
  .field-error {
    color: var(--danger);
    font-weight: 600;
    margin: 0.25rem 0 0;
  }
  .notice {
    color: #1f6b2c;
    font-weight: 600;
  }
  .muted {
    color: var(--muted);
  }
  .badge {
    display: inline-block;
    padding: 0 0.45rem;
    border-radius: 999px;
    font-size: 0.85rem;
    border: 1px solid currentColor;
  }
  .in {
    color: #1f6b2c;
  }
  .out {
    color: var(--danger);
  }
  .visually-hidden {
    position: absolute;
    top: 0;
    left: 0;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    border: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  /* "Opt-out" must not break at its hyphen in a narrow column. */
  td.in,
  td.out {
    white-space: nowrap;
  }
  /*
   * A wide table of records becomes a stack of cards on a phone, each cell with its column's
   * name (data-label) before it, so no column is hidden off to the side.
   */
  @media (max-width: 40rem) {
    table.stack thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
      white-space: nowrap;
    }
    table.stack,
    table.stack tbody,
    table.stack tr,
    table.stack td {
      display: block;
    }
    table.stack tr {
      border: 1px solid var(--line);
      border-radius: 6px;
      margin: 0 0 0.75rem;
      padding: 0.25rem 0;
      background: var(--surface);
    }
    table.stack {
      background: transparent;
    }
    table.stack td {
      display: grid;
      grid-template-columns: 8.5rem minmax(0, 1fr);
      gap: 0 0.75rem;
      border-bottom: 0;
      padding: 0.2rem 0.75rem;
      overflow-wrap: anywhere;
    }
    table.stack td::before {
      content: attr(data-label);
      font-weight: 600;
      color: var(--muted);
      overflow-wrap: normal;
      hyphens: auto;
    }
  }
  @media (max-width: 30rem) {
    dl {
      grid-template-columns: 1fr;
    }
    dd {
      margin-bottom: 0.4rem;
    }
  }
`
