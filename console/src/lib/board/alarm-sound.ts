/**
 * The waiting-call alarm tone, generated with WebAudio (no sound file to ship or to be blocked by the CSP): a
 * two-tone chirp (880 Hz then 660 Hz) every 1.5 s while any call rings. Browsers keep an AudioContext suspended
 * until the page has had a user gesture; `state` says so, and `unlock()` (from a click or key) resumes it.
 */
export type AlarmSoundState = 'running' | 'suspended' | 'unavailable';

const PERIOD_MS = 1500;

export class AlarmSound {
  #ctx: AudioContext | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  /** Tones played so far (tests read it: the loop ran). */
  beeps = 0;
  constructor(private readonly onchange: () => void = () => {}) {}

  get state(): AlarmSoundState {
    if (!this.#ctx) return typeof AudioContext === 'undefined' ? 'unavailable' : 'suspended';
    return this.#ctx.state === 'running' ? 'running' : 'suspended';
  }

  get ringing(): boolean {
    return this.#timer !== null;
  }

  /** Creates or resumes the audio context; call it from a user gesture when `state` is suspended. */
  async unlock(): Promise<void> {
    if (typeof AudioContext === 'undefined') return;
    this.#ctx ??= new AudioContext();
    this.#ctx.onstatechange = () => this.onchange();
    if (this.#ctx.state !== 'running') await this.#ctx.resume().catch(() => {});
    this.onchange();
  }

  start(): void {
    if (this.#timer) return;
    void this.unlock();
    this.#beep();
    this.#timer = setInterval(() => this.#beep(), PERIOD_MS);
    this.onchange();
  }

  stop(): void {
    if (!this.#timer) return;
    clearInterval(this.#timer);
    this.#timer = null;
    this.onchange();
  }

  dispose(): void {
    this.stop();
    void this.#ctx?.close().catch(() => {});
    this.#ctx = null;
  }

  #beep(): void {
    const ctx = this.#ctx;
    if (!ctx || ctx.state !== 'running') return;
    const t0 = ctx.currentTime;
    for (const [i, freq] of [880, 660].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'square';
      osc.frequency.value = freq;
      const start = t0 + i * 0.2;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.18);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.2);
    }
    this.beeps++;
    this.onchange();
  }
}
