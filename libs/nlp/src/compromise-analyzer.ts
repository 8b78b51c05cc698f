import nlp from 'compromise';
import { entityId, EntityType, ExtractedEntity, normalizeEntityName, TextAnalysis, TextAnalyzer } from '@cg/domain';
import { stemmedTerms } from './stemmed-terms';
import { STOP_WORDS } from './stop-words';

export interface AnalyzerOptions {
  /** Keywords kept, most salient first. */
  maxKeywords?: number;
  /** Topic entities kept, the most salient ones. */
  maxTopics?: number;
}

/** A token as compromise's `json()` gives it, plus its position in the whole text. */
interface Term {
  text: string;
  pre: string;
  post: string;
  normal: string;
  root?: string;
  tags: Set<string>;
  position: number;
}

type RawTerm = Omit<Term, 'tags' | 'position'> & { tags: string[] };

/** A run of terms naming one thing. */
interface Phrase {
  type: EntityType;
  terms: Term[];
}

// Salience weights: a noun says more than a verb or adjective; a named thing more than a lone word.
const PHRASE_WEIGHT = 1.5;
const NOUN_WEIGHT = 1;
const OTHER_WEIGHT = 0.5;
const FUNCTION_TAGS = ['Pronoun', 'Determiner', 'Preposition', 'Conjunction', 'Auxiliary', 'Copula', 'Modal', 'Value', 'QuestionWord', 'Negative', 'Particle', 'Honorific'];
/** Punctuation after a term that ends a name: "Paris, France" is two places. */
const NAME_BREAK = /[,;:!?()[\]"“”—–]/;
const POSSESSIVE = /['’]s$/;
/** Words, numbers, identifiers and dotted names ("node.js", "search_web", "c++"); nothing glued by other punctuation. */
const KEYWORD = /^[\p{L}\p{N}][\p{L}\p{N}._+#-]*$/u;

/**
 * Entities and keywords with compromise. People, places and organizations come from its tagger;
 * topics are the other salient noun phrases: compounds of two or more nouns ("data pipeline") and
 * lone proper nouns ("Kubernetes"). Names are returned as written, without honorifics or a
 * possessive ending, one per entity id (first spelling wins), in order of appearance. Keywords are
 * ranked by salience: Σ over occurrences of part-of-speech weight × position (earlier counts up to
 * twice as much), names and topics as one phrase. Everything is ordered with explicit tie-breaks,
 * so the same text always yields the same analysis.
 */
export class CompromiseAnalyzer implements TextAnalyzer {
  private readonly maxKeywords: number;
  private readonly maxTopics: number;

  constructor(options: AnalyzerOptions = {}) {
    this.maxKeywords = options.maxKeywords ?? 10;
    this.maxTopics = options.maxTopics ?? 5;
  }

  terms(text: string): string[] {
    return stemmedTerms(text);
  }

  analyze(text: string): TextAnalysis {
    const sentences = tokenize(text);
    const total = sentences.reduce((n, terms) => n + terms.length, 0);
    const salience = new Salience(total);
    const phrases = sentences.flatMap((terms) => findPhrases(terms));
    const inPhrase = new Set(phrases.flatMap((p) => p.terms));

    for (const phrase of phrases) salience.add(phraseKey(phrase), PHRASE_WEIGHT, phrase.terms[0].position);
    for (const term of sentences.flat()) {
      if (inPhrase.has(term) || FUNCTION_TAGS.some((tag) => term.tags.has(tag))) continue;
      const weight = term.tags.has('Noun') ? NOUN_WEIGHT : term.tags.has('Verb') || term.tags.has('Adjective') ? OTHER_WEIGHT : 0;
      if (weight > 0) salience.add(keywordOf(term.root ?? term.normal), weight, term.position);
    }

    const keptTopics = new Set(salience.ranked(phrases.filter((p) => p.type === 'topic').map(phraseKey)).slice(0, this.maxTopics));
    const entities = new Map<string, ExtractedEntity>();
    for (const phrase of phrases) {
      if (phrase.type === 'topic' && !keptTopics.has(phraseKey(phrase))) continue;
      const name = phraseName(phrase);
      const id = entityId(phrase.type, name);
      if (normalizeEntityName(name) && !entities.has(id)) entities.set(id, { name, type: phrase.type });
    }
    return { entities: [...entities.values()], keywords: salience.ranked().slice(0, this.maxKeywords) };
  }
}

function tokenize(text: string): Term[][] {
  const doc = nlp(withoutJsonSyntax(text));
  doc.compute('root');
  let position = 0;
  return (doc.json() as { terms: RawTerm[] }[]).map((sentence) =>
    sentence.terms.map((t) => ({ text: t.text, pre: t.pre, post: t.post, normal: t.normal, root: t.root, tags: new Set(t.tags), position: position++ })),
  );
}

/**
 * `eventText` renders object payload fields as JSON; its quotes, brackets and escapes would glue
 * words into tokens such as `query":"weather`, so they become spaces and keys read as "key: value".
 */
function withoutJsonSyntax(text: string): string {
  return text
    .replace(/(["}\]])([:,])/g, '$1$2 ')
    .replace(/\\[nrt]/g, ' ')
    .replace(/[{}[\]"\\]/g, ' ');
}

function entityTypeOf(term: Term): EntityType | undefined {
  if (term.tags.has('Honorific')) return undefined;
  if (term.tags.has('Person')) return 'person';
  if (term.tags.has('Organization')) return 'organization';
  if (term.tags.has('Place') || term.tags.has('Address')) return 'place';
  const noun = term.tags.has('Noun') && !FUNCTION_TAGS.some((tag) => term.tags.has(tag)) && /\p{L}/u.test(term.text);
  return noun ? 'topic' : undefined;
}

/** Maximal runs of one entity type within a sentence, cut at punctuation and after a possessive. */
function findPhrases(terms: Term[]): Phrase[] {
  const phrases: Phrase[] = [];
  let current: Phrase | undefined;
  for (const term of terms) {
    const type = entityTypeOf(term);
    if (type && current?.type === type) current.terms.push(term);
    else {
      if (current) phrases.push(current);
      current = type ? { type, terms: [term] } : undefined;
    }
    if (current && (NAME_BREAK.test(term.post) || isPossessive(term))) {
      phrases.push(current);
      current = undefined;
    }
  }
  if (current) phrases.push(current);
  return phrases.filter((p) => p.type !== 'topic' || p.terms.length > 1 || p.terms[0].tags.has('ProperNoun'));
}

function isPossessive(term: Term): boolean {
  return POSSESSIVE.test(term.text) || /^['’]/.test(term.post);
}

/** The phrase as written: inner spacing and punctuation kept, the possessive ending dropped. */
function phraseName(phrase: Phrase): string {
  const last = phrase.terms.length - 1;
  return phrase.terms
    .map((t, i) => (i > 0 ? t.pre : '') + (i < last ? t.text + t.post : t.text.replace(POSSESSIVE, '')))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

function phraseKey(phrase: Phrase): string {
  return phrase.terms.map((t) => keywordOf(phrase.type === 'topic' ? (t.root ?? t.normal) : t.normal)).filter(Boolean).join(' ');
}

/** Lowercase, possessive and surrounding punctuation dropped; '' for stop words and non-words. */
function keywordOf(word: string): string {
  const key = word.toLowerCase().replace(POSSESSIVE, '').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}+#]+$/gu, '');
  return key.length > 1 && KEYWORD.test(key) && /\p{L}/u.test(key) && !STOP_WORDS.has(key) ? key : '';
}

/** Salience scores of keys, with the first position of each for tie-breaking. */
class Salience {
  private readonly scores = new Map<string, { score: number; first: number }>();

  constructor(private readonly total: number) {}

  add(key: string, weight: number, position: number): void {
    if (!key) return;
    const entry = this.scores.get(key) ?? { score: 0, first: position };
    entry.score += weight * (1 + (this.total - position) / this.total);
    this.scores.set(key, entry);
  }

  /** The given keys (default: all), most salient first; ties to the earlier, then the smaller key. */
  ranked(keys: Iterable<string> = this.scores.keys()): string[] {
    const entries = [...new Set(keys)].flatMap((key) => {
      const entry = this.scores.get(key);
      return entry ? [{ key, ...entry }] : [];
    });
    entries.sort((a, b) => b.score - a.score || a.first - b.first || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return entries.map((e) => e.key);
  }
}
