import { definePlugin, extensionPoints } from '@qmo/sdk';
import { mentor } from './mentor.js';

export { evaluateMentor, MENTOR_ID, mentor } from './mentor.js';
export { type MentorParams, mentorParams } from './params.js';
export { mentorRequests } from './requests.js';

/** Mentor: a pure advisor, no timers and no services. */
export default definePlugin({
  kind: 'advisor',
  activate(context) {
    context.register(extensionPoints.advisors, mentor);
  },
});
