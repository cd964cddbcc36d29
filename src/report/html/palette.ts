/**
 * Colours of the report: the Okabe–Ito palette, chosen to stay distinguishable under the
 * common colour-vision deficiencies; gains and losses are blue and vermillion, not green and
 * red, for the same reason.
 */
export const PALETTE = {
  nav: '#0072B2',
  price: '#E69F00',
  drawdown: '#D55E00',
  band: '#56B4E9',
  hedge: '#009E73',
  gain: '#0072B2',
  loss: '#D55E00',
  total: '#3A3F47',
  greeks: ['#0072B2', '#CC79A7', '#009E73', '#D55E00'],
  overlays: ['#CC79A7', '#009E73', '#0072B2', '#E69F00', '#D55E00', '#56B4E9'],
} as const;
