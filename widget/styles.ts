/** Default look of the widget; sites restyle it through CSS custom properties and parts. */
import { css } from 'lit'

export const styles = css`
  :host {
    display: block;
    font: var(--smp-font, inherit);
    color: var(--smp-text, inherit);
  }
  :host([hidden]) {
    display: none;
  }
  fieldset {
    border: 0;
    margin: 0 0 1em;
    padding: 0;
  }
  legend {
    font-weight: 600;
    margin-bottom: 0.75em;
    padding: 0;
  }
  p {
    margin: 0 0 0.75em;
  }
  .type,
  .field {
    margin: 0 0 0.75em;
  }
  label {
    display: flex;
    gap: 0.5em;
    align-items: baseline;
    cursor: pointer;
  }
  input {
    accent-color: var(--smp-accent, #0b6e4f);
    width: 1em;
    height: 1em;
    margin: 0;
  }
  [type='email'] {
    box-sizing: border-box;
    width: 100%;
    max-width: 24em;
    height: auto;
    margin-top: 0.25em;
    padding: 0.4em 0.5em;
    font: inherit;
    border: 1px solid #767676;
    border-radius: var(--smp-radius, 4px);
  }
  /* Lines up with the label text: the checkbox is 1em wide, the gap 0.5em. */
  .description,
  .fixed {
    display: block;
    margin: 0.25em 0 0 1.5em;
    font-size: 0.9em;
  }
  .fixed {
    font-size: 1em;
  }
  .subgroups {
    margin: 0.75em 0 0 var(--smp-indent, 1.5em);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  button {
    font: inherit;
    padding: 0.5em 1.25em;
    border: 1px solid var(--smp-accent, #0b6e4f);
    border-radius: var(--smp-radius, 4px);
    background: var(--smp-accent, #0b6e4f);
    color: var(--smp-accent-contrast, #fff);
    cursor: pointer;
  }
  .secondary {
    background: none;
    color: inherit;
  }
  button + button {
    margin-left: 0.5em;
  }
  .actions button {
    margin: 0;
  }
  /* The accent, not currentColor: on a button the text colour may be the page background. */
  :focus-visible {
    outline: 2px solid var(--smp-focus, var(--smp-accent, #0b6e4f));
    outline-offset: 2px;
  }
  .error,
  .field-error {
    color: var(--smp-error, #b00020);
  }
  .error p {
    margin: 0.5em 0;
  }
  .field-error {
    margin: 0.25em 0 0;
  }
`
