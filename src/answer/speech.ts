import { escaped } from './answer-type.js';

/**
 * Questions about what someone said, and where a text has them speaking: "What did Ruiz say
 * about the fees?" is answered by a quotation or reported speech of Ruiz, not by a sentence that
 * only names her.
 */

const SPEECH_QUESTION =
  /\b(say|said|says|tell|told|describe|described|comment|commented|warn|warned|claim|claimed|call|called|think|thinks|thought|react|reacted|respond|responded)\b/i;
const SPEECH = /["“”]|\b(said|says|told|added|stated|warned|described|according to|noted|argued)\b/i;

/** "What's the fire called?", "what is the law called": a name is asked for, not speech. */
export const ASKS_WHAT_IT_IS_CALLED = /\b(?:is|are|was|were|'s|’s)\b.*\bcalled\s*[?.!]*\s*$/i;

/** Questions about what someone said are best answered by quotations or reported speech. */
export function asksForSpeech(question: string): boolean {
  return SPEECH_QUESTION.test(question) && !ASKS_WHAT_IT_IS_CALLED.test(question);
}

// Narrower than SPEECH_QUESTION ("what does X claim", "what did X call"): a verb of saying itself.
const SAYING_QUESTION = /\b(say|says|said|tell|told|warn|warned)\b|\baccording to\b/i;

/** "What did X say …", "according to X …": answered where X speaks. */
export function asksWhatSomeoneSaid(question: string): boolean {
  return SAYING_QUESTION.test(question);
}

export function hasSpeech(text: string): boolean {
  return SPEECH.test(text);
}

const SPEECH_VERBS = 'said|says|told|added|stated|warned|wrote|noted|argued|explained|asked';
// Any way of reporting speech, for telling whether someone speaks anywhere in a text at all.
const REPORTING_VERBS = `${SPEECH_VERBS}|saying|telling|adding|warning|noting|arguing|insisted|insisting|complained|claimed|claiming|called|calling|urged|urging|announced|described|describing|replied|responded|admitted|acknowledged|denied|promised|pledged|vowed`;
const pronounSpeaking = (verbs: string) => new RegExp(`\\b(he|she)\\s+(${verbs})\\b`);
// "he said", "she vowed": both verb lists are constants, so their patterns are built once.
const PRONOUN_SPEECH = new Map([SPEECH_VERBS, REPORTING_VERBS].map((verbs) => [verbs, pronounSpeaking(verbs)]));

/** A name as a lowercase regular-expression source, its special characters escaped. */
const namePattern = (name: string) => escaped(name.toLowerCase());

/** The one a "what did X say" question asks about: the names given, and the noun of a role they hold. */
export interface Sayer {
  names: string[];
  /** "Tarn's mayor", "the mayor of Tarn": ["mayor", "mayors"]; empty for "What did Okafor say". */
  role: string[];
}

/**
 * Who a "what did X say" question asks about ("What has Okafor told reporters?" → Okafor), or
 * undefined when it names no one. Other questions with "say" ask for a fact someone states ("How
 * much do Norvalian officials say it costs?").
 */
export function speakersAskedAbout(question: string, names: readonly string[]): Sayer | undefined {
  const who = /\bwhat\s+(?:did|does|do|has|have|had|will|would)\s+(.+?)\s+(?:say|said|says|tell|told)\b/i.exec(question)?.[1];
  if (!who) return undefined;
  const lower = who.toLowerCase();
  const named = names.filter((n) => new RegExp(`\\b${namePattern(n)}\\b`).test(lower));
  if (named.length === 0) return undefined;
  const rest = named.reduce((text, n) => text.replace(new RegExp(`\\b${namePattern(n)}(?:['’]s)?\\b`, 'g'), ' '), lower);
  const role = (rest.match(/\p{L}+/gu) ?? [])
    .filter((w) => !ROLE_FILLER.test(w))
    .at(-1)
    ?.replace(/s$/, '');
  return { names: named, role: role ? [role, `${role}s`] : [] };
}

/** Words around a role that are not it ("the mayor of", "a spokesman for"). */
const ROLE_FILLER = /^(?:the|a|an|of|for|at|in|on|from|and|its|their|his|her|s)$/;

/**
 * Whether a paragraph has one of the names speaking: by name, or as "he"/"she" in a paragraph that
 * names them ("Ruiz left early. Aboard the train, she told reporters …").
 */
export function hasSpeaker(paragraph: string, names: string[], verbs = SPEECH_VERBS): boolean {
  if (attributesSpeechTo(paragraph, names, verbs)) return true;
  const lower = paragraph.toLowerCase();
  // The pronoun stands for someone named before it: in "He said … talks with President Ruiz", he
  // is not Ruiz.
  const named = names.map((n) => new RegExp(`\\b${namePattern(n)}\\b`).exec(lower)).filter((m) => m !== null);
  if (named.length === 0) return false;
  const from = Math.min(...named.map((m) => m.index + m[0].length));
  return (PRONOUN_SPEECH.get(verbs) ?? pronounSpeaking(verbs)).test(lower.slice(from));
}

/**
 * Whether any of the paragraphs reports the one asked about speaking, by any verb of reporting
 * ("arguing", "vowed" …). A role of a name ("Tarn's mayor") speaks in a paragraph that names
 * them both: Tarn's paragraphs may quote anyone ("… a week in Tarn. Aboard the train, she
 * told …"), and another body's spokesperson is not Tarn's.
 */
export function speaksAnywhere(paragraphs: string[], { names, role }: Sayer): boolean {
  if (role.length === 0) return paragraphs.some((p) => hasSpeaker(p, names, REPORTING_VERBS));
  return paragraphs.some((p) => {
    const lower = p.toLowerCase();
    return names.every((n) => new RegExp(`\\b${namePattern(n)}\\b`).test(lower)) && hasSpeaker(p, role, REPORTING_VERBS);
  });
}

/** Whether the text attributes speech to one of the names ("Ruiz said", "said Okafor", "according to Okafor"). */
export function attributesSpeechTo(text: string, names: string[], verbs = SPEECH_VERBS): boolean {
  const lower = text.toLowerCase();
  return names.some((name) => {
    const n = namePattern(name);
    // "X said", "X, the minister, told …"; "said X" only after a quotation ("…," said X): "Analysts
    // said X must act" reports others speaking about X.
    return new RegExp(
      `\\b${n}\\b[^.?!"“”]{0,40}\\b(${verbs})\\b|["”],?\\s+(${verbs})\\b[^.?!"“”]{0,40}\\b${n}\\b|according to [^.?!]{0,30}\\b${n}\\b`,
    ).test(lower);
  });
}
