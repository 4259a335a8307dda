/** Reads the <Quiz> questions of a chapter: each option's text and whether it is correct. */
export interface QuizQuestion {
  file: string;
  line: number;
  question: string;
  options: { text: string; correct: boolean }[];
}

export function readQuizzes(file: string, text: string): QuizQuestion[] {
  const quizzes: QuizQuestion[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*<Quiz\b/.test(lines[i]!)) continue;
    const quiz: QuizQuestion = { file, line: i + 1, question: '', options: [] };
    for (let j = i + 1; j < lines.length && !/^\s*\/>/.test(lines[j]!); j++) {
      const q = /^\s*question="(.*)"\s*$/.exec(lines[j]!);
      if (q) quiz.question = q[1]!;
      const o = /^\s*\{\s*text:\s*'((?:[^'\\]|\\.)*)'(.*)\}\s*,?\s*$/.exec(lines[j]!);
      if (o) quiz.options.push({ text: o[1]!.replace(/\\(.)/g, '$1'), correct: /\bcorrect:\s*true\b/.test(o[2]!) });
    }
    quizzes.push(quiz);
  }
  return quizzes;
}

/** Single-answer questions whose correct option is strictly the longest (a reader could guess it). */
export function longestIsRight(quizzes: QuizQuestion[]): { single: QuizQuestion[]; giveaway: QuizQuestion[] } {
  const single = quizzes.filter((q) => q.options.filter((o) => o.correct).length === 1);
  const giveaway = single.filter((q) => {
    const right = q.options.find((o) => o.correct)!;
    return q.options.every((o) => o === right || [...o.text].length < [...right.text].length);
  });
  return { single, giveaway };
}
