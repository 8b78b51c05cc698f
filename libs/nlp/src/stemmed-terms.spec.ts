import { CompromiseAnalyzer } from './compromise-analyzer';
import { stemmedTerms } from './stemmed-terms';

describe('stemmedTerms', () => {
  it('gives every word its stem as a term of its own, stop words dropped', () => {
    expect(stemmedTerms('She was painting; they painted')).toEqual(['painting', '~paint', 'painted', '~paint']);
    expect(stemmedTerms('Why did the deployments fail?')).toEqual(['deployments', '~deploy', 'fail', '~fail']);
  });

  it('so a relative meets on the stem, and the same spelling on the word and the stem', () => {
    const shared = (a: string, b: string) => stemmedTerms(a).filter((t) => stemmedTerms(b).includes(t));
    expect(shared('camping trips', 'camped on a trip')).toEqual(['~camp', '~trip']);
    expect(shared('camping trips', 'camping trips')).toEqual(['camping', '~camp', 'trips', '~trip']);
  });

  it('weighs every word alike: one word, two terms, whether stemming changes it or not', () => {
    expect(stemmedTerms('sequoia anything')).toHaveLength(4);
  });

  it('keeps numbers and words of other scripts as their own stems', () => {
    expect(stemmedTerms('release 2024 in Zürich, 東京')).toEqual(['release', '~releas', '2024', '~2024', 'zürich', '~zürich', '東京', '~東京']);
  });

  it('is what the analyzer indexes and searches under', () => {
    expect(new CompromiseAnalyzer().terms('Researching adoption')).toEqual(['researching', '~research', 'adoption', '~adopt']);
  });
});
