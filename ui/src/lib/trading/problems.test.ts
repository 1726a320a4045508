import type { Order } from '@qmo/sdk';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http.js';
import { fieldErrorsOf, readSubmitAnswer, submitOutcome } from './problems.js';

const order = { orderId: 'O-1', clientOrderId: 'C-1', state: 'New' } as Order;

describe('order answers', () => {
  it('reads created and duplicate answers', () => {
    expect(readSubmitAnswer(order)).toEqual({ order, duplicate: false });
    expect(readSubmitAnswer({ duplicate: true, order })).toEqual({ order, duplicate: true });
    // The host spreads the existing order and flags it.
    expect(readSubmitAnswer({ ...order, duplicate: true })).toEqual({ order, duplicate: true });
    expect(submitOutcome({ answer: order })).toEqual({ kind: 'accepted', order, duplicate: false });
  });

  it('turns a 422 QMO_ORDER_REJECTED into the reject reason', () => {
    const rejectReason = {
      source: 'risk',
      code: 'MAX_ORDER_QTY',
      text: 'quantity 5 above 2',
      rule: 'risk-limits/max-order-qty@1.0.0',
    };
    const rejected = { ...order, state: 'Rejected', rejectReason } as Order;
    const error = new ApiError(
      422,
      { code: 'QMO_ORDER_REJECTED', detail: 'rejected', rejectReason, order: rejected },
      'rejected',
    );
    expect(submitOutcome({ error })).toEqual({ kind: 'rejected', reason: rejectReason, order: rejected });
    // 201 with an order already rejected is shown the same way.
    expect(submitOutcome({ answer: rejected })).toMatchObject({ kind: 'rejected', reason: rejectReason });
  });

  it('maps 400 field errors to the fields', () => {
    const problem = {
      status: 400,
      detail: 'body.limitPrice: must be …; body.quantity: too big; body.foo: unknown',
      errors: [
        { path: 'body.limitPrice', message: 'limitPrice must be an exact decimal string' },
        { path: 'body.quantity', message: 'quantity must be greater than 0' },
        { path: 'body', message: 'Unrecognized key: "foo"' },
      ],
    };
    const outcome = submitOutcome({ error: new ApiError(400, problem, problem.detail) });
    expect(outcome).toEqual({
      kind: 'invalid',
      fields: {
        limitPrice: 'limitPrice must be an exact decimal string',
        quantity: 'quantity must be greater than 0',
      },
      message: 'Unrecognized key: "foo"',
    });
  });

  it('finds the field an engine error names in its detail', () => {
    expect(fieldErrorsOf({ detail: 'displayQuantity 50 is not a multiple of the lot 100' }, '')).toEqual({
      fields: { displayQuantity: 'displayQuantity 50 is not a multiple of the lot 100' },
      message: null,
    });
    expect(fieldErrorsOf({ detail: 'off grid', details: { field: 'stopPrice' } }, '')).toEqual({
      fields: { stopPrice: 'off grid' },
      message: null,
    });
    expect(fieldErrorsOf({ detail: 'unknown instrument XYZ' }, '')).toEqual({
      fields: { instrument: 'unknown instrument XYZ' },
      message: null,
    });
    expect(fieldErrorsOf(null, 'HTTP 400')).toEqual({ fields: {}, message: 'HTTP 400' });
  });

  it('reports other failures with their status', () => {
    expect(
      submitOutcome({
        error: new ApiError(
          403,
          { detail: 'role compliance may not trade' },
          'role compliance may not trade',
        ),
      }),
    ).toEqual({
      kind: 'failed',
      status: 403,
      message: 'role compliance may not trade',
    });
    expect(submitOutcome({ error: new Error('boom') })).toEqual({
      kind: 'failed',
      status: 0,
      message: 'boom',
    });
  });
});
