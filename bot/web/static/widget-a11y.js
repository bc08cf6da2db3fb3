// Accessibility around rasa-webchat 1.0.1 (docs/accessibility.md), without changing the widget:
// every control is named in the conversation's language; each bot message is marked with its
// language and announced politely through a live region of our own; quick replies work with the
// keyboard; focus moves into the chat when it opens and back to the launcher when it closes;
// Escape closes it. The language of each bot message comes from the server (its socket.io
// message's metadata.language); until the first one arrives it is the page's.
(function () {
  "use strict";

  const LABELS = {
    en: {open: "Open the chat with customer care", close: "Close the chat", send: "Send",
         input: "Your message", replies: "Suggested answers", messages: "Conversation"},
    es: {open: "Abrir el chat con atención al cliente", close: "Cerrar el chat", send: "Enviar",
         input: "Tu mensaje", replies: "Respuestas sugeridas", messages: "Conversación"},
  };
  const MAX_ANNOUNCED = 20;

  function start(root) {
    let language = LABELS[document.documentElement.lang] ? document.documentElement.lang : "en";
    const pending = [];  // languages of bot messages received but not yet shown
    const announcer = document.createElement("div");
    announcer.id = "chat-announcer";
    announcer.className = "visually-hidden";
    announcer.setAttribute("role", "log");
    announcer.setAttribute("aria-live", "polite");
    document.body.appendChild(announcer);

    function label(element, text) {
      if (element && element.getAttribute("aria-label") !== text) element.setAttribute("aria-label", text);
    }

    function isOpen() {
      return Boolean(root.querySelector(".rw-conversation-container"));
    }

    function relabel() {
      const words = LABELS[language];
      root.querySelectorAll(".rw-launcher").forEach((button) => label(button, isOpen() ? words.close : words.open));
      root.querySelectorAll(".rw-close-button").forEach((button) => label(button, words.close));
      root.querySelectorAll(".rw-send").forEach((button) => label(button, words.send));
      root.querySelectorAll(".rw-new-message").forEach((box) => label(box, words.input));
      root.querySelectorAll(".rw-messages-container").forEach((list) => label(list, words.messages));
      root.querySelectorAll(".rw-replies").forEach((group) => {
        group.setAttribute("role", "group");
        label(group, words.replies);
      });
      root.querySelectorAll(".rw-reply:not([role])").forEach((reply) => {
        reply.setAttribute("role", "button");
        reply.setAttribute("tabindex", "0");
      });
      root.querySelectorAll("img[alt='close'], img[alt='send'], img[alt='toggle fullscreen']")
        .forEach((image) => image.setAttribute("alt", ""));  // the button carries the name
    }

    function markNewMessages() {
      root.querySelectorAll(".rw-response:not([lang])").forEach((message) => {
        const messageLanguage = pending.length ? pending.shift() : language;
        message.setAttribute("lang", messageLanguage);
        const replies = message.closest(".rw-message") && message.closest(".rw-message").nextElementSibling;
        if (replies && replies.classList.contains("rw-replies")) replies.setAttribute("lang", messageLanguage);
      });
      root.querySelectorAll(".rw-replies:not([lang])").forEach((group) => group.setAttribute("lang", language));
    }

    function announce(text, messageLanguage) {
      const line = document.createElement("p");
      line.setAttribute("lang", messageLanguage);
      line.textContent = text;
      announcer.appendChild(line);
      while (announcer.childElementCount > MAX_ANNOUNCED) announcer.removeChild(announcer.firstElementChild);
    }

    new MutationObserver(() => {
      relabel();
      markNewMessages();
    }).observe(root, {childList: true, subtree: true});

    root.addEventListener("keydown", (event) => {
      const reply = event.target.closest && event.target.closest(".rw-reply");
      if (reply && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        reply.click();
      }
    });

    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && isOpen()) {
        const close = root.querySelector(".rw-close-button") || root.querySelector(".rw-launcher");
        if (close) close.click();
      }
    });

    return {
      botSaid(message) {
        const said = (message && message.metadata && message.metadata.language) || language;
        language = LABELS[said] ? said : language;
        pending.push(language);
        if (message && typeof message.text === "string" && message.text) announce(message.text, language);
        relabel();
      },
      opened() {
        relabel();
        window.setTimeout(() => {
          const box = root.querySelector(".rw-new-message");
          if (box) box.focus();
        }, 0);
      },
      closed() {
        relabel();
        window.setTimeout(() => {
          const launcher = root.querySelector(".rw-launcher");
          if (launcher) launcher.focus();
        }, 0);
      },
    };
  }

  window.WidgetAccessibility = {start};
})();
