/**
 * The only lab code a chapter loads up front: it waits until a lab comes into view (or the
 * learner clicks "Open the lab"), then loads the workbench (editor, runtime, views).
 */
class LabWorkbench extends HTMLElement {
  private started = false;

  connectedCallback(): void {
    const open = () => void this.open();
    this.querySelector('.lab-open')?.addEventListener('click', open);
    if ('IntersectionObserver' in window) {
      const observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((e) => e.isIntersecting)) {
            observer.disconnect();
            open();
          }
        },
        { rootMargin: '200px' },
      );
      observer.observe(this);
    }
  }

  private async open(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.setAttribute('aria-busy', 'true');
    const note = this.querySelector('.lab-open');
    if (note) note.textContent = this.dataset.loading ?? '…';
    try {
      const { mountLab } = await import('./lab-app.ts');
      await mountLab(this);
      this.dataset.ready = 'true';
    } catch (error) {
      this.started = false;
      const message = document.createElement('p');
      message.className = 'lab-status';
      message.setAttribute('role', 'alert');
      message.textContent = `The lab could not load: ${(error as Error).message}`;
      this.prepend(message);
    } finally {
      this.removeAttribute('aria-busy');
    }
  }
}

customElements.define('lab-workbench', LabWorkbench);
