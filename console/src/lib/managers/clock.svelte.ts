import { createSubscriber } from 'svelte/reactivity';

/** The current time, ticking every second while something reads it (ages, staleness, the header clock). */
class Clock {
  #now = Date.now();
  #subscribe = createSubscriber((update) => {
    this.#now = Date.now();
    const id = setInterval(() => {
      this.#now = Date.now();
      update();
    }, 1000);
    return () => clearInterval(id);
  });

  get now(): number {
    this.#subscribe();
    return this.#now;
  }
}

export const clock = new Clock();
