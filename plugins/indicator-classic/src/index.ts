import { definePlugin, extensionPoints, type Indicator } from '@qmo/sdk';
import { atr } from './indicators/atr.js';
import { bollinger } from './indicators/bollinger.js';
import { ema } from './indicators/ema.js';
import { macd } from './indicators/macd.js';
import { rsi } from './indicators/rsi.js';
import { sma } from './indicators/sma.js';
import { vwap } from './indicators/vwap.js';

export { GROUP } from './define-indicator.js';
export { type AtrParams, atr, atrParams } from './indicators/atr.js';
export { type BollingerParams, bollinger, bollingerParams } from './indicators/bollinger.js';
export { type EmaParams, ema, emaParams } from './indicators/ema.js';
export { type MacdParams, macd, macdParams } from './indicators/macd.js';
export { type RsiParams, rsi, rsiParams } from './indicators/rsi.js';
export { type SmaParams, sma, smaParams } from './indicators/sma.js';
export { type VwapParams, vwap, vwapParams } from './indicators/vwap.js';

/** Every indicator of the plugin, in menu order. */
// biome-ignore lint/suspicious/noExplicitAny: a list of indicators with different parameter types, like extensionPoints.indicators
export const classicIndicators: readonly Indicator<any>[] = Object.freeze([
  sma,
  ema,
  bollinger,
  vwap,
  rsi,
  macd,
  atr,
]);

/** SMA, EMA, Bollinger Bands, VWAP, RSI, MACD and ATR. Pure computations: no timers, no services. */
export default definePlugin({
  kind: 'indicator',
  activate(context) {
    for (const indicator of classicIndicators) context.register(extensionPoints.indicators, indicator);
  },
});
