/** `npm run` moves to the project root; paths the user typed are relative to where they were. */
export const CALLER_CWD = process.env.INIT_CWD ?? process.cwd();
