/* Optional, for pages that embed a card from Surveillance, Explained (docs/embedding.md).
   Each card posts its height; this sets the height of the iframe that sent it, and does
   nothing else: it reads no cookie, sends nothing and loads nothing. Without it the frame
   keeps the height written in the snippet and scrolls if the card is taller. */
(function () {
  "use strict";
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data.explainerEmbedHeight !== "number") return;
    var height = Math.round(data.explainerEmbedHeight);
    if (!(height > 0 && height < 20000)) return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source) continue;
      // Only a frame showing a card from the origin that sent the message.
      if (new URL(frame.src, document.baseURI).origin !== event.origin) return;
      frame.style.height = height + "px";
      return;
    }
  });
})();
