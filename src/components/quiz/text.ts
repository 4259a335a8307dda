/** The Quiz component's strings and its tiny inline formatter (build time only: no browser code). */

export type QuizLocale = 'en' | 'zh-cn';

/** Pages under /zh-cn/ are Chinese; everything else is English (the root locale). */
export function quizLocale(pathname: string): QuizLocale {
  return /^\/zh-cn(\/|$)/.test(pathname) ? 'zh-cn' : 'en';
}

export const QUIZ_TEXT = {
  en: {
    kicker: 'Check your understanding',
    selectAll: 'Select all that apply.',
    check: 'Check answer',
    none: 'Select an answer first.',
    ok: 'Correct!',
    ko: 'Not quite. See the notes on each option below, change your answer and check again.',
    pickedRight: '✓ You chose this: correct.',
    pickedWrong: '✗ You chose this: it is not correct.',
    missed: '✗ Not chosen, but this one is correct.',
    leftRight: '✓ Not chosen: right, this one is not correct.',
  },
  'zh-cn': {
    kicker: '检验一下',
    selectAll: '请选出所有正确答案。',
    check: '检查答案',
    none: '请先选择答案。',
    ok: '回答正确！',
    ko: '还不完全对。请看下面每个选项的说明，修改答案后再检查一次。',
    pickedRight: '✓ 你选了它：正确。',
    pickedWrong: '✗ 你选了它：这个选项不正确。',
    missed: '✗ 你没有选它，但它是正确的。',
    leftRight: '✓ 你没有选它：没错，这个选项不正确。',
  },
} satisfies Record<QuizLocale, Record<string, string>>;

/** Splits text on `backticks` so the component can render code spans; everything stays escaped. */
export function codeSpans(text: string): { text: string; code: boolean }[] {
  return text
    .split(/`([^`]+)`/)
    .map((part, i) => ({ text: part, code: i % 2 === 1 }))
    .filter((part) => part.text !== '');
}
