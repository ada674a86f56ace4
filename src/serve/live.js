// accord serve: reloads the page after a rebuild, swaps stylesheets when only CSS
// changed, and lets the error overlay be closed. Injected by `accord serve` only.
(() => {
  const script = document.currentScript;
  let build = script ? script.dataset.build : null;
  const events = new EventSource("/__accord/events");
  // On (re)connection the server says which build it serves: a page from an older
  // build missed a reload while the connection was down.
  events.addEventListener("hello", (e) => {
    if (build !== null && JSON.parse(e.data).build !== Number(build)) location.reload();
  });
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("css", (e) => {
    const data = JSON.parse(e.data);
    build = String(data.build);
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin === location.origin && data.paths.includes(url.pathname)) {
        url.searchParams.set("accord-build", build);
        link.href = url.href;
      }
    }
  });
  addEventListener("pagehide", () => events.close());
  const overlay = document.getElementById("accord-overlay");
  const close = overlay && overlay.querySelector("button");
  if (close) close.addEventListener("click", () => overlay.remove());
})();
