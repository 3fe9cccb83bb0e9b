/**
 * Keyboard shortcuts of the dispatcher board, as a pure function of the key and the board's state (tested).
 * Plain keys act only when focus is not in a text field; Escape and Alt+digit work everywhere; keys typed while
 * an input method is composing (pinyin) are never shortcuts.
 */
export type ShortcutAction =
  | { type: 'new' }
  | { type: 'search' }
  | { type: 'escape' }
  | { type: 'priority'; value: 1 | 2 | 3 | 4 }
  | { type: 'assignTop' }
  | { type: 'nearest' }
  | { type: 'next' }
  | { type: 'prev' }
  | { type: 'help' };

export interface KeyInput {
  key: string;
  code?: string;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  /** IME composition in progress. */
  composing?: boolean;
  /** Focus is in an input, textarea, select or contenteditable. */
  editable?: boolean;
  /** Focus is on a button or link (Enter activates it instead). */
  onControl?: boolean;
}

export interface BoardContext {
  formOpen: boolean;
  incidentSelected: boolean;
  helpOpen: boolean;
}

const DIGIT = /^(?:Digit|Numpad)([1-4])$/;

function priorityOf(k: KeyInput): 1 | 2 | 3 | 4 | null {
  const fromCode = k.code ? DIGIT.exec(k.code)?.[1] : undefined;
  const d = fromCode ?? (/^[1-4]$/.test(k.key) ? k.key : undefined);
  return d ? (Number(d) as 1 | 2 | 3 | 4) : null;
}

export function resolveShortcut(k: KeyInput, c: BoardContext): ShortcutAction | null {
  if (k.composing || k.ctrlKey || k.metaKey) return null;
  if (k.key === 'Escape') return { type: 'escape' };
  if (k.altKey) {
    const p = priorityOf(k);
    return p && c.formOpen ? { type: 'priority', value: p } : null;
  }
  if (k.editable) return null;
  if (k.key === '?') return { type: 'help' };
  if (c.helpOpen) return null;
  switch (k.key) {
    case 'n':
    case 'N':
      return { type: 'new' };
    case '/':
      return { type: 'search' };
    case 'Enter':
      return c.incidentSelected && !c.formOpen && !k.onControl ? { type: 'assignTop' } : null;
    case 'a':
    case 'A':
      return c.incidentSelected && !c.formOpen ? { type: 'nearest' } : null;
    case 'j':
    case 'ArrowDown':
      return c.formOpen ? null : { type: 'next' };
    case 'k':
    case 'ArrowUp':
      return c.formOpen ? null : { type: 'prev' };
  }
  const p = priorityOf(k);
  return p && c.formOpen ? { type: 'priority', value: p } : null;
}

/** Reads a KeyboardEvent into a KeyInput. */
export function keyInput(e: KeyboardEvent): KeyInput {
  const target = e.target instanceof HTMLElement ? e.target : null;
  const tag = target?.tagName;
  const editable =
    !!target &&
    (target.isContentEditable ||
      tag === 'TEXTAREA' ||
      tag === 'SELECT' ||
      (tag === 'INPUT' && !['checkbox', 'radio', 'button', 'submit'].includes((target as HTMLInputElement).type)));
  return {
    key: e.key,
    code: e.code,
    altKey: e.altKey,
    ctrlKey: e.ctrlKey,
    metaKey: e.metaKey,
    composing: e.isComposing || e.keyCode === 229,
    editable,
    onControl: tag === 'BUTTON' || tag === 'A',
  };
}

/** The help overlay's rows: keys and the message key of what they do. */
export const SHORTCUT_HELP = [
  { keys: ['N'], what: 'help.new' },
  { keys: ['/'], what: 'help.search' },
  { keys: ['Esc'], what: 'help.escape' },
  { keys: ['1', '2', '3', '4'], what: 'help.priority' },
  { keys: ['Enter'], what: 'help.assignTop' },
  { keys: ['A'], what: 'help.nearest' },
  { keys: ['↑', '↓'], what: 'help.nextIncident' },
  { keys: ['?'], what: 'help.help' },
] as const;
