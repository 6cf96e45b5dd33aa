// A hard limit on a whole test run: whatever hangs, the run ends, cleans up and fails.

export class Deadline {
  private timer: NodeJS.Timeout | undefined;
  readonly expired: Promise<never>;

  constructor(
    readonly seconds: number,
    what: string,
  ) {
    this.expired = new Promise<never>((_resolve, reject) => {
      this.timer = setTimeout(() => reject(new Error(`${what} took longer than ${seconds} s and was stopped`)), seconds * 1000);
    });
    // Nobody may be listening yet; the rejection is observed through `race`.
    this.expired.catch(() => undefined);
  }

  race<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.expired]);
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}
