/**
 * A general English stopword list (function words, auxiliaries, question words and chat
 * filler). Question words are stopwords here because they say what kind of answer is wanted,
 * not what it is about.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all am an and any are aren't as at be because been before
  being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
  don't down during each few for from further had hadn't has hasn't have haven't having he he'd
  he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into
  is isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only
  or other ought our ours ourselves out over own same shan't she she'd she'll she's should
  shouldn't so some such than that that's the their theirs them themselves then there there's
  these they they'd they'll they're they've this those through to too under until up very was
  wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while
  who who's whom why why's will with won't would wouldn't you you'd you'll you're you've your yours
  yourself yourselves also just may might must shall us u r ur pls please tell me know think
  whats wat wut does did do tell say said says thing things anything something also ever
  any many much one ones get got give gave ok okay hey hi hello lol lmao pls plz thx thanks
  quick question um uh hmm yeah yes actually really basically kinda wanna gonna gotta idk
  wat wut wats whos hw wen wher y u im whats soooo sooo soo like`
    .split(/\s+/)
    .filter(Boolean),
);
