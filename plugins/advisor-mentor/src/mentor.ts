import {
  type Advisor,
  type AdvisorInput,
  type PositionSize,
  positionSize,
  type RiskAssessment,
} from '@qmo/sdk';
import { fromNumber } from './exact.js';
import { type MentorParams, mentorParams } from './params.js';
import { type MentorReadings, readInputs } from './read-inputs.js';
import { mentorRequests } from './requests.js';
import { planTrade, type TradePlan } from './trade-plan.js';
import { isVote, type Missing, momentumVote, score, trendVote, type Vote } from './votes.js';

export const MENTOR_ID = 'mentor';

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** The values a decision was made from, for `RiskAssessment.inputs`. */
function inputsOf(
  r: MentorReadings | null,
  votes: readonly Vote[],
  s: number | null,
  plan: TradePlan | null,
  sizing: PositionSize | null,
  input: AdvisorInput,
): Record<string, unknown> {
  const i = input.instrument;
  return {
    ...(r ?? {}),
    votes: Object.fromEntries(votes.map((v) => [v.input, { vote: v.vote, weight: v.weight }])),
    score: s,
    gannSupport: plan?.support ?? null,
    gannResistance: plan?.resistance ?? null,
    tickSize: i.tickSize,
    lotSize: i.lotSize,
    pointValue: i.multiplier,
    equity: input.account?.equity ?? null,
    riskPercent: input.account?.riskPercent ?? null,
    riskBudget: sizing?.budget ?? null,
    riskPerLot: sizing?.riskPerLot ?? null,
    risk: sizing?.ok ? sizing.risk : null,
  };
}

function sizeLine(input: AdvisorInput, sizing: PositionSize | null): string {
  const { account, instrument } = input;
  if (!account || !sizing) return 'Size: no account given, so no quantity.';
  if (!sizing.ok) return `Size: none — ${sizing.reason}.`;
  return (
    `Size: ${account.riskPercent}% of equity ${account.equity} is a risk budget of ${sizing.budget} ${instrument.currency}; ` +
    `one lot (${instrument.lotSize}) risks ${sizing.riskPerLot} at the stop → ${sizing.lots} lots = ${sizing.quantity}, ` +
    `risking ${sizing.risk}.`
  );
}

/** Mentor's decision: pure, so the same input always gives the same assessment. */
export function evaluateMentor(input: AdvisorInput, p: MentorParams): RiskAssessment {
  const i = input.instrument;
  const fmt = (price: number) => price.toFixed(i.pricePrecision);
  const flat = (
    rationale: string[],
    confidence: number,
    inputs: Record<string, unknown>,
  ): RiskAssessment => ({
    advisor: MENTOR_ID,
    instrument: i.id,
    tf: input.tf,
    ts: input.now,
    bias: 'flat',
    entry: null,
    stop: null,
    target: null,
    rewardRisk: null,
    confidence,
    quantity: null,
    rationale,
    inputs,
  });

  const r = readInputs(input, p.slopeBars);
  if (!r)
    return flat(['No closed bar yet: nothing to decide on.'], 0, inputsOf(null, [], null, null, null, input));
  const said: (Vote | Missing)[] = [];
  if (p.trendWeight > 0) said.push(trendVote(r, p, fmt));
  if (p.momentumWeight > 0) said.push(momentumVote(r, p));
  if (r.atr === null)
    said.push({ input: 'volatility', reason: `Volatility: ATR(${p.atrPeriod}) needs ${p.atrPeriod} bars` });
  const votes = said.filter(isVote);
  const missing = said.filter((v): v is Missing => !isVote(v));
  if (missing.length > 0 || r.atr === null)
    return flat(
      [
        ...missing.map((m) => `${m.reason}: still warming up.`),
        'Decision: flat until every input has a value.',
      ],
      0,
      inputsOf(r, votes, null, null, null, input),
    );

  const s = round4(score(votes));
  const confidence = Math.abs(s);
  const reasons = votes.map((v) => v.reason);
  if (Math.abs(s) < p.threshold || s === 0)
    return flat(
      [...reasons, `Decision: flat — weighted score ${s.toFixed(2)} is inside ±${p.threshold}.`],
      confidence,
      inputsOf(r, votes, s, null, null, input),
    );

  const side = s > 0 ? 1 : -1;
  const gannLevels = p.gann ? r.gannLevels : null;
  const plan = planTrade({ side, close: r.close, atr: r.atr, gannLevels, tickSize: i.tickSize, fmt }, p);
  if ('reason' in plan)
    return flat(
      [...reasons, `Decision: flat — ${plan.reason}.`],
      confidence,
      inputsOf(r, votes, s, null, null, input),
    );
  const bias = side > 0 ? 'long' : 'short';
  const decision = `Decision: ${bias} — weighted score ${s.toFixed(2)} beyond ±${p.threshold}; confidence ${confidence.toFixed(2)}.`;
  if (plan.rewardRisk < p.minRewardRisk)
    return flat(
      [
        ...reasons,
        ...plan.notes,
        `Decision: flat — reward:risk ${plan.rewardRisk} is below ${p.minRewardRisk}.`,
      ],
      confidence,
      inputsOf(r, votes, s, plan, null, input),
    );

  const sizing = input.account
    ? positionSize({
        equity: input.account.equity,
        riskPercent: fromNumber(input.account.riskPercent),
        entry: plan.entry,
        stop: plan.stop,
        lotSize: i.lotSize,
        pointValue: i.multiplier,
        minQuantity: i.minQuantity,
      })
    : null;
  return {
    advisor: MENTOR_ID,
    instrument: i.id,
    tf: input.tf,
    ts: input.now,
    bias,
    entry: Number(plan.entry),
    stop: Number(plan.stop),
    target: Number(plan.target),
    rewardRisk: plan.rewardRisk,
    confidence,
    quantity: sizing?.ok ? sizing.quantity : null,
    rationale: [...reasons, ...plan.notes, decision, sizeLine(input, sizing)],
    inputs: {
      ...inputsOf(r, votes, s, plan, sizing, input),
      entry: plan.entry,
      stop: plan.stop,
      target: plan.target,
    },
  };
}

/** Mentor: trend, momentum and volatility (and Gann levels when there) into a sized decision. */
export const mentor: Advisor<MentorParams> = {
  id: MENTOR_ID,
  name: 'Mentor',
  params: mentorParams,
  requires: mentorRequests,
  evaluate: evaluateMentor,
};
