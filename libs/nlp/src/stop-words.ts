/** English function words and filler that say nothing about what a text is about. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being below
  between both but by can could did do does doing done down during each else etc even ever every few for
  from further get gets got had has have having he her here hers herself him himself his how however i if
  in into is it its itself just let like made make many may me might more most much must my myself no nor
  not now of off on once one only or other our ours ourselves out over own per please quite rather really
  same say said says she should so some still such than that the their theirs them themselves then there
  these they thing things this those though through thus to too under until up upon us use used very via
  was way we well were what when where whether which while who whom whose why will with within without
  would yes yet you your yours yourself yourselves`.split(/\s+/),
);
