import type { Text } from './model';

/** An error the user can act on: a message in both languages, and where it is (cell or JSON path). */
export class EngineError extends Error {
  readonly text: Text;
  readonly cell?: string;
  readonly path?: string;
  readonly code: string;

  constructor(code: string, text: Text, where: { cell?: string; path?: string } = {}) {
    super(text.en);
    this.name = 'EngineError';
    this.code = code;
    this.text = text;
    if (where.cell !== undefined) this.cell = where.cell;
    if (where.path !== undefined) this.path = where.path;
  }
}

/** A problem at a cell of a sheet. */
export interface CellError {
  sheet?: string;
  cell: string;
  message: Text;
}

/** A problem in a rule file, at a JSON path (JSON Pointer, e.g. "/pots/3/amount"). */
export interface RuleError {
  file: string;
  path: string;
  /** The message in English (as --json and older callers have it). */
  message: string;
  /** The message in both languages (the pane and the CLI show `text[lang]`). */
  text?: Text;
}
