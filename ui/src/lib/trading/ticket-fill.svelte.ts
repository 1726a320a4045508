import type { TicketFill } from './ticket-fill.js';

/** The latest request to fill the order ticket; `seq` tells the ticket a new one arrived (even an equal one). */
class TicketFillRequests {
  latest = $state.raw<{ seq: number; fill: TicketFill } | null>(null);
  private seq = 0;

  request(fill: TicketFill): void {
    this.seq += 1;
    this.latest = { seq: this.seq, fill };
  }
}

export const ticketFill = new TicketFillRequests();
