// Inlined in every page's <head> (astro.config.mjs). `npm start` prints the course's address with
// this run's lab key in the fragment (http://127.0.0.1:4321/#t=KEY): a fragment never reaches a
// server and no page embeds the key, so another process on this machine cannot read it with a
// plain GET. The page keeps it in localStorage (this origin only) and removes it from the address.
(function () {
  var m = /(?:^#|&)t=([A-Za-z0-9_-]{16,})/.exec(location.hash);
  if (!m) return;
  try { localStorage.setItem('mslab:token', m[1]); } catch (e) {}
  var rest = location.hash.replace(m[0], '').replace(/^#&?/, '');
  history.replaceState(history.state, '', location.pathname + location.search + (rest ? '#' + rest : ''));
})();
