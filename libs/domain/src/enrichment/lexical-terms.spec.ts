import { lexicalTerms } from './lexical-terms';

describe('lexicalTerms', () => {
  it('splits on anything but letters and digits, lowercased, dropping one-letter words', () => {
    expect(lexicalTerms('Deploy PROD failed: db-migration #42 timed, I think')).toEqual(
      ['deploy', 'prod', 'failed', 'db', 'migration', '42', 'timed', 'think']);
    expect(lexicalTerms('Café Zürich')).toEqual(['café', 'zürich']);
  });

  it('drops stop words, so a question keeps only what it is about', () => {
    expect(lexicalTerms('Why did the deploy to prod fail when we were out?')).toEqual(['deploy', 'prod', 'fail']);
  });
});
