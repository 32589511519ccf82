import { errors } from './errors';

export type TransitionTable<S extends string, E extends string> = Record<S, Partial<Record<E, S>>>;

export interface StateMachine<S extends string, E extends string> {
  readonly name: string;
  readonly states: readonly S[];
  readonly events: readonly E[];
  /** The state after `event`, or a PRECONDITION_FAILED StowageError when the table has no such edge. */
  next(from: S, event: E): S;
  can(from: S, event: E): boolean;
  /** States no event leaves. */
  isTerminal(state: S): boolean;
}

export function defineStateMachine<S extends string, E extends string>(options: {
  name: string;
  states: readonly S[];
  events: readonly E[];
  table: TransitionTable<S, E>;
}): StateMachine<S, E> {
  const { name, states, events, table } = options;
  const lookup = (from: S, event: E): S | undefined =>
    Object.hasOwn(table, from) ? table[from][event] : undefined;
  return {
    name,
    states,
    events,
    next(from, event) {
      const to = lookup(from, event);
      if (to === undefined) throw errors.illegalTransition(name, from, event);
      return to;
    },
    can: (from, event) => lookup(from, event) !== undefined,
    isTerminal: (state) => Object.keys(table[state] ?? {}).length === 0,
  };
}
