/** How many jobs are in one state. */
export interface JobCountRow {
  state: string;
  count: number;
}
