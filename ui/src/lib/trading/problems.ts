/** Reading the host's answers to an order: accepted, duplicate, rejected (422), invalid fields (400). */
import type { Order, RejectReason } from '@qmo/sdk';
import type { SubmitAnswer } from '../api/endpoints.js';
import { ApiError } from '../api/http.js';
import type { FieldErrorProblem, OrderRejectedProblem, Problem } from '../api/types.js';
import type { FieldErrors, OrderField } from './order-form.js';

export const ORDER_REJECTED = 'QMO_ORDER_REJECTED';

/** Fields of an order the host may name, longest first so `displayQuantity` wins over `quantity`. */
const ORDER_FIELDS: readonly OrderField[] = [
  'displayQuantity',
  'clientOrderId',
  'timeInForce',
  'limitPrice',
  'reduceOnly',
  'instrument',
  'stopPrice',
  'expireAt',
  'postOnly',
  'strategy',
  'quantity',
  'account',
  'side',
  'type',
];

export type SubmitOutcome =
  | { kind: 'accepted'; order: Order; duplicate: boolean }
  | { kind: 'rejected'; reason: RejectReason; order: Order | null }
  | { kind: 'invalid'; fields: FieldErrors; message: string | null }
  | { kind: 'failed'; status: number; message: string };

/** 201 gives the order; 200 gives the existing one flagged `duplicate: true` (spread, or under `order`). */
export function readSubmitAnswer(answer: SubmitAnswer): { order: Order; duplicate: boolean } {
  const duplicate = 'duplicate' in answer && answer.duplicate === true;
  if (duplicate && 'order' in answer && !('orderId' in answer)) return { order: answer.order, duplicate };
  const { duplicate: _, ...order } = answer as Order & { duplicate?: boolean };
  return { order: order as Order, duplicate };
}

export function isRejectProblem(problem: Problem | null): problem is OrderRejectedProblem {
  if (problem?.code !== ORDER_REJECTED) return false;
  const reason = problem.rejectReason as RejectReason | undefined;
  return !!reason && typeof reason.code === 'string';
}

/**
 * The field errors of a 400: each `errors[].path` ("body.limitPrice") names a field; without a list, a
 * field named in the `detail` (or in `details.field`) gets the whole message. What names no field is
 * returned as `message`.
 */
export function fieldErrorsOf(
  problem: Problem | null,
  fallback: string,
): { fields: FieldErrors; message: string | null } {
  const fields: FieldErrors = {};
  const rest: string[] = [];
  const known = new Set<string>(ORDER_FIELDS);
  const list = (problem as FieldErrorProblem | null)?.errors;
  if (Array.isArray(list) && list.length) {
    for (const e of list) {
      const segments = String(e.path ?? '')
        .split('.')
        .filter((s) => s && s !== 'body');
      const field = segments.find((s) => known.has(s)) as OrderField | undefined;
      if (field) fields[field] = fields[field] ? `${fields[field]}; ${e.message}` : e.message;
      else rest.push(segments.length ? `${segments.join('.')}: ${e.message}` : e.message);
    }
    return { fields, message: rest.length ? rest.join('; ') : null };
  }
  const detail = problem?.detail ?? fallback;
  const details = problem?.details as { field?: unknown } | undefined;
  const named =
    typeof details?.field === 'string'
      ? details.field
      : typeof problem?.field === 'string'
        ? problem.field
        : null;
  const field =
    (named && known.has(named) ? (named as OrderField) : undefined) ??
    ORDER_FIELDS.find((f) => new RegExp(`\\b${f}\\b`).test(detail));
  if (field) {
    fields[field] = detail;
    return { fields, message: null };
  }
  return { fields, message: detail };
}

/** What the ticket shows after `POST /orders` answered or failed. */
export function submitOutcome(result: { answer: SubmitAnswer } | { error: unknown }): SubmitOutcome {
  if ('answer' in result) {
    const { order, duplicate } = readSubmitAnswer(result.answer);
    // A host may also answer 201 with an order already rejected by risk: show it as a reject.
    if (order.state === 'Rejected' && order.rejectReason)
      return { kind: 'rejected', reason: order.rejectReason, order };
    return { kind: 'accepted', order, duplicate };
  }
  const error = result.error;
  if (!(error instanceof ApiError))
    return { kind: 'failed', status: 0, message: error instanceof Error ? error.message : String(error) };
  if (isRejectProblem(error.problem))
    return { kind: 'rejected', reason: error.problem.rejectReason, order: error.problem.order ?? null };
  if (error.status === 400) return { kind: 'invalid', ...fieldErrorsOf(error.problem, error.message) };
  return { kind: 'failed', status: error.status, message: error.message };
}
