/* An embedded card (content.embeds) tells the page that frames it how tall it is, so that
   page's optional helper (embed-resize.js) can fit the frame to it. The message holds the
   height and nothing else; it is sent to any origin because any site may frame the card. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height > 0 && height !== last) {
      last = height;
      window.parent.postMessage({ explainerEmbedHeight: height }, "*");
    }
  }
  if ("ResizeObserver" in window) {
    new ResizeObserver(post).observe(document.documentElement);
  } else {
    window.addEventListener("resize", post);
    document.addEventListener("toggle", post, true);
  }
  window.addEventListener("load", post);
  post();
})();
