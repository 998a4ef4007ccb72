/* ScsCallDeck: the reveal.js plugin of sphinxcontrib-scscall's "scs" slide theme.
 *
 * Before reveal.js lays out the deck (in print-pdf mode too) and once the
 * bundled Lato is loaded, it centres the title slides vertically and shrinks
 * the text of any slide taller than the 16:9 frame until the slide fits, so
 * nothing runs off the projector or onto a second PDF page.
 */
(function () {
  "use strict";

  const CENTRED_KINDS = ["title", "team-report"];
  // the longest real report slide (a 40-line list) fits at half size
  const SMALLEST_SCALE = 0.5;
  const SCALE_STEP = 0.05;

  function loadFonts() {
    // fonts load lazily; every slide is still hidden, so ask for them explicitly
    const faces = ["400 1em Lato", "italic 400 1em Lato", "700 1em Lato", "900 1em Lato"];
    return Promise.all(faces.map((face) => document.fonts.load(face))).catch(() => undefined);
  }

  function leafSlides(slidesElement) {
    return Array.from(slidesElement.querySelectorAll("section")).filter(
      (section) => !section.querySelector(":scope > section"),
    );
  }

  function shrinkToFit(slide, height) {
    const stack = slide.parentElement.closest("section");
    const shown = stack ? [stack, slide] : [slide];
    shown.forEach((section) => (section.style.display = "block"));
    let scale = 1;
    while (slide.scrollHeight > height && scale - SCALE_STEP >= SMALLEST_SCALE) {
      scale -= SCALE_STEP;
      slide.style.fontSize = `${Math.round(scale * 100)}%`;
    }
    if (scale < 1) {
      slide.dataset.scscallFit = scale.toFixed(2);
    }
    shown.forEach((section) => (section.style.display = ""));
  }

  function fitSlides(deck, slidesElement) {
    const { width, height } = deck.getConfig();
    // measure at the frame's own size: reveal.js sets it only after the plugins ran
    slidesElement.style.width = `${width}px`;
    slidesElement.style.height = `${height}px`;
    leafSlides(slidesElement).forEach((slide) => shrinkToFit(slide, height));
    slidesElement.style.width = "";
    slidesElement.style.height = "";
  }

  window.ScsCallDeck = {
    id: "scscall-deck",
    init(deck) {
      const slidesElement = deck.getRevealElement().querySelector(".slides");
      if (!slidesElement || !slidesElement.querySelector("[data-scscall-slide]")) {
        return undefined;
      }
      CENTRED_KINDS.forEach((kind) =>
        slidesElement
          .querySelectorAll(`section[data-scscall-slide="${kind}"]`)
          .forEach((slide) => slide.classList.add("center")),
      );
      return loadFonts().then(() => fitSlides(deck, slidesElement));
    },
  };
})();
