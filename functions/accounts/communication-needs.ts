/**
 * The ways to reach a person and the Accessible Information Standard's communication needs: a managed list,
 * in a module of its own (no imports) so any domain's schema can name them without an import cycle.
 */

export const channels = ['text', 'email', 'letter', 'phone'] as const;
export type Channel = (typeof channels)[number];
export const channelLabels: Record<Channel, string> = {
  text: 'Text message',
  email: 'Email',
  letter: 'Letter in the post',
  phone: 'A phone call from someone at the hub',
};

/** The Accessible Information Standard's communication needs, as a managed list (no free text to misread). */
export const communicationNeedKinds = [
  'large-print',
  'easy-read',
  'braille',
  'audio',
  'bsl-interpreter',
  'deafblind-interpreter',
  'lipspeaker',
  'speech-to-text',
  'hearing-loop',
  'read-to',
  'advocate',
  'spoken-language-interpreter',
] as const;
export type CommunicationNeed = (typeof communicationNeedKinds)[number];
export const communicationNeedLabels: Record<CommunicationNeed, string> = {
  'large-print': 'Large print',
  'easy-read': 'Easy Read',
  braille: 'Braille',
  audio: 'Audio (spoken) information',
  'bsl-interpreter': 'British Sign Language interpreter',
  'deafblind-interpreter': 'Deafblind manual interpreter',
  lipspeaker: 'Lipspeaker',
  'speech-to-text': 'Speech-to-text reporter',
  'hearing-loop': 'Hearing loop',
  'read-to': 'Needs someone to read information to them',
  advocate: 'Needs an advocate',
  'spoken-language-interpreter': 'Interpreter for a spoken language',
};
