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
    margin: 0;
    padding: 0;
  }
  legend {
    font-weight: 600;
    margin-bottom: 0.75em;
    padding: 0;
  }
  .type {
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
  /* Lines up with the label text: the checkbox is 1em wide, the gap 0.5em. */
  .description {
    display: block;
    margin: 0.25em 0 0 1.5em;
    opacity: 0.8;
    font-size: 0.9em;
  }
  .subgroups {
    margin: 0.75em 0 0 var(--smp-indent, 1.5em);
  }
  button {
    font: inherit;
    padding: 0.5em 1.25em;
    border: 0;
    border-radius: var(--smp-radius, 4px);
    background: var(--smp-accent, #0b6e4f);
    color: var(--smp-accent-contrast, #fff);
    cursor: pointer;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 2px solid var(--smp-focus, currentColor);
    outline-offset: 2px;
  }
  .error {
    color: var(--smp-error, #b00020);
  }
  .error button {
    margin-left: 0.5em;
  }
`
