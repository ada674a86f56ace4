// accord serve: reloads the page when a rebuild changed it, swaps stylesheets when only
// CSS changed, and lets the error overlay be closed. Injected by `accord serve` only.
(() => {
  const script = document.currentScript;
  const page = script ? script.dataset.page : "";
  let build = script ? script.dataset.build : null;
  const events = new EventSource("/__accord/events?page=" + encodeURIComponent(page));
  // On (re)connection the server says which build it serves: a page from an older
  // build missed a reload while the connection was down.
  events.addEventListener("hello", (e) => {
    if (build !== null && JSON.parse(e.data).build !== Number(build)) location.reload();
  });
  // `paths` lists the pages that changed; without it, every page reloads.
  events.addEventListener("reload", (e) => {
    const data = JSON.parse(e.data);
    if (!data.paths || data.paths.includes(page)) location.reload();
    else build = String(data.build);
  });
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
