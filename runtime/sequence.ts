/**
 * The order of events within one world, past what the clock can tell: many things happen in one virtual
 * millisecond (a user's step and the calls it causes). One sequence, shared by the phones' history and the
 * scenario's ledger, numbers them in the order they happened; the same script and seed give the same numbers.
 */
export class Sequence {
  private last = 0;

  next(): number {
    return ++this.last;
  }
}
