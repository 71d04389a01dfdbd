/**
 * The fixed wording of footnote's notices (refusals, cooldowns, acknowledgements) in each language
 * a server can pick with /settings. Answers keep the article's language; the moderators' own
 * /settings screen stays in English.
 */
import type { NoticeLanguage } from '../storage/guild-settings.js';

export interface NoticeText {
  cooldown(limit: { questions: number; seconds: number }, retryAt: number, now: number): string;
  busy: string;
  shuttingDown: string;
  interrupted: string;
  emptyMention: string;
  unknownCommand: string;
  staleAnswer: string;
  saveFailed: string;
  genericError(errorId: string): string;
  feedbackThanks(vote: 'up' | 'down', changed: boolean): string;
  posted(channelId: string): string;
  notHere(allowedChannelIds: string[]): string;
  noDms: string;
  /** The target of a posted summary is not one footnote may answer in. */
  postNotAllowed(channelId: string): string;
  /** `missing`: what the member lacks, as `memberNeeds` lists it. */
  postMemberNeeds(channelId: string, roleId: string | null): string;
  /** The bot's own missing permissions in the target, by their Discord names. */
  postBotNeeds(channelId: string, missing: string[]): string;
  emptyTarget: string;
}

const seconds = (retryAt: number, now: number) => Math.max(1, Math.ceil((retryAt - now) / 1000));
const stamp = (retryAt: number) => `<t:${Math.ceil(retryAt / 1000)}:R>`;
const channels = (ids: string[]) => ids.map((id) => `<#${id}>`).join(', ');

const en: NoticeText = {
  cooldown: (l, at, now) =>
    `You've asked ${l.questions} question${l.questions === 1 ? '' : 's'} in the last ${l.seconds} s. You can ask again ${stamp(at)} (in ${seconds(at, now)} s).`,
  busy: 'I am answering a lot of questions right now; please ask again in a minute.',
  shuttingDown: 'footnote is restarting; please ask again in a minute.',
  interrupted: 'footnote restarted before this answer was ready; please ask again.',
  emptyMention: 'Ask me a question about the article after the mention, e.g. “@footnote who is quoted in the article?”',
  unknownCommand: 'I do not know that command (the command list may be out of date). Try /help.',
  staleAnswer: 'That answer is too old: it is no longer stored, so this button does nothing now.',
  saveFailed: 'Sorry, your feedback could not be saved this time.',
  genericError: (id) => `Something went wrong while answering (error id \`${id}\`). The details are in the log; please try again.`,
  feedbackThanks: (vote, changed) =>
    `${changed ? 'Changed: ' : 'Thanks — '}your ${vote === 'up' ? '👍' : '👎'} is recorded${vote === 'down' && !changed ? '; it helps us find weak answers' : ''}.`,
  posted: (c) => `Posted the summary in <#${c}>.`,
  notHere: (ids) => `Sorry, I don't answer in this channel. Ask me in ${channels(ids)}.`,
  noDms: 'I only answer in servers, not in direct messages. Ask me in a channel there.',
  postNotAllowed: (c) => `I don't answer in <#${c}> on this server, so I won't post there. Pick a channel I answer in.`,
  postMemberNeeds: (c, role) =>
    `Posting a summary in <#${c}> needs the Manage Messages permission in that channel${role ? ` or the <@&${role}> role` : ''}. Run /summary without post_to to see it privately.`,
  postBotNeeds: (c, missing) => `I cannot post in <#${c}>: I am missing ${missing.join(', ')} there. A server admin can grant it.`,
  emptyTarget: 'I cannot read that message (it has no text I can see), so there is nothing to ask about.',
};

const de: NoticeText = {
  cooldown: (l, at, now) =>
    `Du hast in den letzten ${l.seconds} s ${l.questions} Frage${l.questions === 1 ? '' : 'n'} gestellt. Du kannst ${stamp(at)} wieder fragen (in ${seconds(at, now)} s).`,
  busy: 'Ich beantworte gerade sehr viele Fragen; bitte frag in einer Minute noch einmal.',
  shuttingDown: 'footnote startet neu; bitte frag in einer Minute noch einmal.',
  interrupted: 'footnote wurde neu gestartet, bevor diese Antwort fertig war; bitte frag noch einmal.',
  emptyMention: 'Stell mir nach der Erwähnung eine Frage zum Artikel, z. B. „@footnote Wer wird im Artikel zitiert?“',
  unknownCommand: 'Diesen Befehl kenne ich nicht (die Befehlsliste ist vielleicht veraltet). Versuch es mit /help.',
  staleAnswer: 'Diese Antwort ist zu alt: Sie ist nicht mehr gespeichert, daher bewirkt dieser Knopf nichts mehr.',
  saveFailed: 'Leider konnte deine Bewertung diesmal nicht gespeichert werden.',
  genericError: (id) =>
    `Beim Antworten ist etwas schiefgegangen (Fehler-ID \`${id}\`). Details stehen im Log; bitte versuch es noch einmal.`,
  feedbackThanks: (vote, changed) => `${changed ? 'Geändert: ' : 'Danke — '}dein ${vote === 'up' ? '👍' : '👎'} ist gespeichert.`,
  posted: (c) => `Die Zusammenfassung steht jetzt in <#${c}>.`,
  notHere: (ids) => `In diesem Kanal antworte ich leider nicht. Frag mich in ${channels(ids)}.`,
  noDms: 'Ich antworte nur auf Servern, nicht in Direktnachrichten. Frag mich dort in einem Kanal.',
  postNotAllowed: (c) =>
    `In <#${c}> antworte ich auf diesem Server nicht, daher poste ich dort auch nichts. Wähl einen Kanal, in dem ich antworte.`,
  postMemberNeeds: (c, role) =>
    `Um eine Zusammenfassung in <#${c}> zu posten, brauchst du dort die Berechtigung „Nachrichten verwalten“${role ? ` oder die Rolle <@&${role}>` : ''}. Ohne post_to zeigt /summary sie nur dir.`,
  postBotNeeds: (c, missing) =>
    `Ich kann in <#${c}> nicht posten: Mir fehlt dort ${missing.join(', ')}. Ein Server-Admin kann das freigeben.`,
  emptyTarget: 'Diese Nachricht kann ich nicht lesen (sie hat keinen Text, den ich sehe), also gibt es nichts zu fragen.',
};

const fr: NoticeText = {
  cooldown: (l, at, now) =>
    `Vous avez posé ${l.questions} question${l.questions === 1 ? '' : 's'} ces ${l.seconds} dernières secondes. Vous pourrez redemander ${stamp(at)} (dans ${seconds(at, now)} s).`,
  busy: 'Je réponds à beaucoup de questions en ce moment ; merci de redemander dans une minute.',
  shuttingDown: 'footnote redémarre ; merci de redemander dans une minute.',
  interrupted: 'footnote a redémarré avant que cette réponse soit prête ; merci de redemander.',
  emptyMention: 'Posez-moi une question sur l’article après la mention, p. ex. « @footnote qui est cité dans l’article ? »',
  unknownCommand: 'Je ne connais pas cette commande (la liste des commandes n’est peut-être pas à jour). Essayez /help.',
  staleAnswer: 'Cette réponse est trop ancienne : elle n’est plus conservée, ce bouton ne fait donc plus rien.',
  saveFailed: 'Désolé, votre avis n’a pas pu être enregistré cette fois.',
  genericError: (id) =>
    `Un problème est survenu pendant la réponse (identifiant \`${id}\`). Les détails sont dans le journal ; merci de réessayer.`,
  feedbackThanks: (vote, changed) => `${changed ? 'Modifié : ' : 'Merci — '}votre ${vote === 'up' ? '👍' : '👎'} est enregistré.`,
  posted: (c) => `Résumé publié dans <#${c}>.`,
  notHere: (ids) => `Désolé, je ne réponds pas dans ce salon. Posez-moi la question dans ${channels(ids)}.`,
  noDms: 'Je réponds seulement sur les serveurs, pas en messages privés. Posez la question dans un salon.',
  postNotAllowed: (c) => `Je ne réponds pas dans <#${c}> sur ce serveur, je n’y publierai donc rien. Choisissez un salon où je réponds.`,
  postMemberNeeds: (c, role) =>
    `Publier un résumé dans <#${c}> demande la permission « Gérer les messages » dans ce salon${role ? ` ou le rôle <@&${role}>` : ''}. Sans post_to, /summary vous le montre en privé.`,
  postBotNeeds: (c, missing) =>
    `Je ne peux pas publier dans <#${c}> : il me manque ${missing.join(', ')}. Un admin du serveur peut l’accorder.`,
  emptyTarget: 'Je ne peux pas lire ce message (il n’a pas de texte visible pour moi) : il n’y a rien à demander.',
};

const es: NoticeText = {
  cooldown: (l, at, now) =>
    `Has hecho ${l.questions} pregunta${l.questions === 1 ? '' : 's'} en los últimos ${l.seconds} s. Puedes volver a preguntar ${stamp(at)} (en ${seconds(at, now)} s).`,
  busy: 'Estoy respondiendo muchas preguntas ahora mismo; vuelve a preguntar en un minuto.',
  shuttingDown: 'footnote se está reiniciando; vuelve a preguntar en un minuto.',
  interrupted: 'footnote se reinició antes de tener lista esta respuesta; vuelve a preguntar.',
  emptyMention: 'Hazme una pregunta sobre el artículo después de la mención, p. ej. «@footnote ¿a quién cita el artículo?»',
  unknownCommand: 'No conozco ese comando (puede que la lista de comandos esté desactualizada). Prueba /help.',
  staleAnswer: 'Esa respuesta es demasiado antigua: ya no se guarda, así que este botón ya no hace nada.',
  saveFailed: 'Lo siento, esta vez no se pudo guardar tu valoración.',
  genericError: (id) => `Algo salió mal al responder (id de error \`${id}\`). Los detalles están en el registro; inténtalo de nuevo.`,
  feedbackThanks: (vote, changed) => `${changed ? 'Cambiado: ' : 'Gracias — '}tu ${vote === 'up' ? '👍' : '👎'} quedó registrado.`,
  posted: (c) => `Resumen publicado en <#${c}>.`,
  notHere: (ids) => `Lo siento, no respondo en este canal. Pregúntame en ${channels(ids)}.`,
  noDms: 'Solo respondo en servidores, no en mensajes directos. Pregúntame en un canal.',
  postNotAllowed: (c) => `No respondo en <#${c}> en este servidor, así que no publicaré allí. Elige un canal donde respondo.`,
  postMemberNeeds: (c, role) =>
    `Publicar un resumen en <#${c}> requiere el permiso «Gestionar mensajes» en ese canal${role ? ` o el rol <@&${role}>` : ''}. Sin post_to, /summary te lo muestra en privado.`,
  postBotNeeds: (c, missing) =>
    `No puedo publicar en <#${c}>: me falta ${missing.join(', ')} allí. Un administrador del servidor puede concederlo.`,
  emptyTarget: 'No puedo leer ese mensaje (no tiene texto que yo vea), así que no hay nada que preguntar.',
};

const TEXTS: Record<NoticeLanguage, NoticeText> = { en, de, fr, es };

export function noticeText(language: NoticeLanguage): NoticeText {
  return TEXTS[language];
}
