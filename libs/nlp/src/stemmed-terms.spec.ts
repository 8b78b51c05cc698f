import { CompromiseAnalyzer } from './compromise-analyzer';
import { stemmedTerms } from './stemmed-terms';

describe('stemmedTerms', () => {
  it('brings inflections and derivations of a word to one term, stop words dropped', () => {
    expect(stemmedTerms('She was painting; he paints; they painted')).toEqual(['paint', 'paint', 'paint']);
    expect(stemmedTerms('camping trips')).toEqual(stemmedTerms('camped on a trip'));
    expect(stemmedTerms('Why did the deployments fail?')).toEqual(['deploy', 'fail']);
  });

  it('keeps numbers and words of other scripts as they are', () => {
    expect(stemmedTerms('release 2024 in Zürich, 東京')).toEqual(['releas', '2024', 'zürich', '東京']);
  });

  it('is what the analyzer indexes and searches under', () => {
    expect(new CompromiseAnalyzer().terms('Researching adoption agencies')).toEqual(['research', 'adopt', 'agenc']);
  });
});
