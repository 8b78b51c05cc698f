import { LlmBudget, estimateTokens } from './budget';
import { LlmBudgetExhausted } from './errors';

describe('LlmBudget', () => {
  it('reserves an estimate, then charges what was used', () => {
    const budget = new LlmBudget(1_000);
    const call = budget.reserve(600);
    expect(budget.remaining).toBe(400);
    expect(budget.spent).toBe(0);
    call.settle(250);
    expect(budget.spent).toBe(250);
    expect(budget.remaining).toBe(750);
    call.settle(900); // settling twice changes nothing
    expect(budget.spent).toBe(250);
  });

  it('gives a failed call its reservation back', () => {
    const budget = new LlmBudget(1_000);
    budget.reserve(600).release();
    expect(budget.remaining).toBe(1_000);
  });

  it('refuses a call that does not fit, also while others are in flight', () => {
    const budget = new LlmBudget(1_000);
    budget.reserve(700);
    expect(() => budget.reserve(400)).toThrow(LlmBudgetExhausted);
    expect(() => budget.reserve(300)).not.toThrow();
    expect(budget.exhausted).toBe(true);
    expect(() => budget.reserve(1)).toThrow(/budget exhausted: 1 tokens needed, 0 of 1000 left/);
  });

  it('stays exhausted once spent, even when a call used more than estimated', () => {
    const budget = new LlmBudget(100);
    budget.reserve(50).settle(180);
    expect(budget.spent).toBe(180);
    expect(budget.remaining).toBe(0);
    expect(() => budget.reserve(1)).toThrow(LlmBudgetExhausted);
  });

  it('estimates four characters a token', () => {
    expect(estimateTokens(0)).toBe(0);
    expect(estimateTokens(9)).toBe(3);
  });
});
