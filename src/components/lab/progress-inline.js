// Inlined in every page's <head> (astro.config.mjs): marks the chapters whose lab got full marks
// in the sidebar, and the labs on the home page. Reads localStorage "mslab:done" ({ lab: chapter }).
(function () {
  function mark() {
    var done = {};
    try { done = JSON.parse(localStorage.getItem('mslab:done') || '{}') || {}; } catch (e) {}
    var zh = location.pathname.indexOf('/zh-cn/') === 0;
    var label = zh ? '实验已完成' : 'lab finished';
    Object.keys(done).forEach(function (lab) {
      var chapter = done[lab];
      document.querySelectorAll('.sidebar-content a[href$="/' + chapter + '/"]').forEach(function (a) {
        if (a.querySelector('.lab-done')) return;
        var s = document.createElement('span');
        s.className = 'lab-done';
        s.textContent = ' ✓';
        s.title = label;
        s.setAttribute('aria-label', label);
        a.appendChild(s);
      });
      document.querySelectorAll('[data-lab-progress="' + lab + '"]').forEach(function (el) {
        el.setAttribute('data-done', 'true');
        var status = el.querySelector('.lab-progress-status');
        if (status) status.textContent = zh ? '✓ 已完成' : '✓ finished';
      });
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mark);
  else mark();
  document.addEventListener('mslab:progress', mark);
})();
