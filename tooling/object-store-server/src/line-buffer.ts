/** Keeps the last `capacity` lines of a child's output. */
export class LineBuffer {
  private readonly lines: string[] = [];

  constructor(private readonly capacity = 200) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }

  tail(count = this.capacity): string[] {
    return this.lines.slice(-count);
  }
}
