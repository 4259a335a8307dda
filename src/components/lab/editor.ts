/** The code editor: CodeMirror 6 with TypeScript highlighting, kept small (no autocomplete, no lint). */
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { classHighlighter } from '@lezer/highlight';
import { javascript } from '@codemirror/lang-javascript';

export interface Editor {
  view: EditorView;
  setDoc(text: string): void;
  getDoc(): string;
  focus(): void;
}

const theme = EditorView.theme({
  '&': { fontSize: '0.875rem', height: '100%', backgroundColor: 'var(--sl-color-bg)', color: 'var(--sl-color-text)' },
  '.cm-scroller': { fontFamily: 'var(--__sl-font-mono, ui-monospace, monospace)', lineHeight: '1.5' },
  '.cm-gutters': { backgroundColor: 'var(--sl-color-bg-nav)', color: 'var(--sl-color-gray-3)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--sl-color-accent-low) 35%, transparent)' },
  '&.cm-focused': { outline: '2px solid var(--sl-color-accent)', outlineOffset: '-2px' },
  '.cm-content': { caretColor: 'var(--sl-color-text)' },
});

export function createEditor(parent: HTMLElement, doc: string, onChange: (text: string) => void, label: string): Editor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        highlightActiveLine(),
        // Stable class names (tok-keyword, tok-string…) coloured per site theme in Lab.astro.
        syntaxHighlighting(classHighlighter),
        javascript({ typescript: true }),
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorState.tabSize.of(2),
        theme,
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    setDoc(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    getDoc: () => view.state.doc.toString(),
    focus: () => view.focus(),
  };
}
