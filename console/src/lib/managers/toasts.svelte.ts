export type ToastKind = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

/** Short messages in a corner of the screen; errors stay longer. */
class ToastManager {
  items = $state<Toast[]>([]);
  #next = 1;

  show(kind: ToastKind, text: string, ms = kind === 'error' ? 8000 : 4000): number {
    const id = this.#next++;
    // Same text twice in a row (e.g. a retried action) is shown once.
    this.items = [...this.items.filter((t) => t.text !== text), { id, kind, text }].slice(-5);
    setTimeout(() => this.dismiss(id), ms);
    return id;
  }

  info = (text: string) => this.show('info', text);
  success = (text: string) => this.show('success', text);
  error = (text: string) => this.show('error', text);

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}

export const toasts = new ToastManager();
