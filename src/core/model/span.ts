// Where something sits in the command line a person will see, as UTF-16 offsets.
export interface Span {
  readonly start: number;
  readonly end: number;
}
