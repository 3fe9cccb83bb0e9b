import { describe, expect, it } from 'vitest';
import { resolveShortcut, type BoardContext } from './shortcuts.ts';

const idle: BoardContext = { formOpen: false, incidentSelected: false, helpOpen: false };
const form: BoardContext = { ...idle, formOpen: true };
const selected: BoardContext = { ...idle, incidentSelected: true };

describe('resolveShortcut', () => {
  it('opens the form, focuses the search and shows help', () => {
    expect(resolveShortcut({ key: 'n' }, idle)).toEqual({ type: 'new' });
    expect(resolveShortcut({ key: '/' }, idle)).toEqual({ type: 'search' });
    expect(resolveShortcut({ key: '?' }, idle)).toEqual({ type: 'help' });
  });

  it('sets the priority with 1–4 in the form, Alt+digit even while typing', () => {
    expect(resolveShortcut({ key: '1', code: 'Digit1' }, form)).toEqual({ type: 'priority', value: 1 });
    expect(resolveShortcut({ key: '4', code: 'Numpad4' }, form)).toEqual({ type: 'priority', value: 4 });
    expect(resolveShortcut({ key: '1' }, idle)).toBeNull();
    expect(resolveShortcut({ key: '2', editable: true }, form)).toBeNull();
    expect(resolveShortcut({ key: '¡', code: 'Digit1', altKey: true, editable: true }, form)).toEqual({
      type: 'priority',
      value: 1,
    });
  });

  it('assigns the top recommendation with Enter only when an incident is selected and no control has focus', () => {
    expect(resolveShortcut({ key: 'Enter' }, selected)).toEqual({ type: 'assignTop' });
    expect(resolveShortcut({ key: 'Enter', onControl: true }, selected)).toBeNull();
    expect(resolveShortcut({ key: 'Enter' }, idle)).toBeNull();
    expect(resolveShortcut({ key: 'Enter' }, { ...selected, formOpen: true })).toBeNull();
    expect(resolveShortcut({ key: 'a' }, selected)).toEqual({ type: 'nearest' });
  });

  it('never fires while typing, composing pinyin, or with Ctrl/Meta; Escape always works', () => {
    expect(resolveShortcut({ key: 'n', editable: true }, idle)).toBeNull();
    expect(resolveShortcut({ key: 'n', composing: true }, idle)).toBeNull();
    expect(resolveShortcut({ key: 'n', ctrlKey: true }, idle)).toBeNull();
    expect(resolveShortcut({ key: 'Escape', editable: true }, form)).toEqual({ type: 'escape' });
  });

  it('only Escape and ? while the help is open', () => {
    const help = { ...idle, helpOpen: true };
    expect(resolveShortcut({ key: 'n' }, help)).toBeNull();
    expect(resolveShortcut({ key: '?' }, help)).toEqual({ type: 'help' });
  });

  it('moves through the queue with arrows or j/k', () => {
    expect(resolveShortcut({ key: 'ArrowDown' }, idle)).toEqual({ type: 'next' });
    expect(resolveShortcut({ key: 'k' }, idle)).toEqual({ type: 'prev' });
  });
});
