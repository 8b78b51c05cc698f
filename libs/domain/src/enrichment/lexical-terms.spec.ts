import { lexicalTerms } from './lexical-terms';

describe('lexicalTerms', () => {
  it('splits on anything but letters and digits, lowercased, dropping one-letter words', () => {
    expect(lexicalTerms('Deploy to PROD failed: db-migration #42 timed out, I think')).toEqual(
      ['deploy', 'to', 'prod', 'failed', 'db', 'migration', '42', 'timed', 'out', 'think']);
    expect(lexicalTerms('Café Zürich')).toEqual(['café', 'zürich']);
  });
});
