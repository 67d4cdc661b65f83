;;; foil.el --- FOI responses checked by the foil language server  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, tools

;;; Commentary:

;; `foi-mode' for Freedom of Information responses (*.foi.txt, *.foi.md), and an
;; eglot registration that runs `foil lsp' for them.  Eglot then shows foil's
;; findings through Flymake, hovers through ElDoc, and its quick fixes with
;; `eglot-code-actions'.
;;
;;   (add-to-list 'load-path "/path/to/foil/editors/emacs")
;;   (require 'foil)
;;   (add-hook 'foi-mode-hook #'eglot-ensure)
;;
;; Plain text and markdown files inside a workspace with a foil.toml can use foil
;; too: (add-hook 'text-mode-hook #'foil-eglot-in-workspace).

;;; Code:

(require 'subr-x)

(defgroup foil nil
  "FOI responses checked by the foil language server."
  :group 'text
  :prefix "foil-")

(defcustom foil-server-path nil
  "The foil binary.
When nil, the FOIL_PATH environment variable, then `foil' on `exec-path'."
  :type '(choice (const :tag "FOIL_PATH, then PATH" nil) file))

(defun foil-server-program ()
  "The foil binary to run, following `foil-server-path'."
  (let ((from-env (getenv "FOIL_PATH")))
    (cond ((and foil-server-path (not (string-empty-p foil-server-path))) foil-server-path)
          ((and from-env (not (string-empty-p from-env))) from-env)
          (t (or (executable-find "foil") "foil")))))

(defun foil-server-command (&optional _interactive)
  "The language server command, for `eglot-server-programs'."
  (list (foil-server-program) "lsp"))

(defconst foil--font-lock-keywords
  `((,(rx line-start (* blank) (group (+ digit) (? (any "a-z")) (any ".)")) blank)
     1 font-lock-keyword-face)
    (,(rx line-start (* blank)
          (group (or "OUR RESPONSE" "Our response" "RESPONSE" "Response"
                     "You asked" "Answer" "Question")
                 ":"))
     1 font-lock-builtin-face)
    (,(rx "<!--" (* blank) "foil" (+? anything) "-->") 0 font-lock-comment-face t))
  "Question numbers, answer labels and foil annotations.")

;;;###autoload
(define-derived-mode foi-mode text-mode "FOI"
  "Major mode for Freedom of Information responses read by foil.
Annotations are whole-line HTML comments, so `comment-dwim' writes them."
  (setq-local comment-start "<!-- ")
  (setq-local comment-end " -->")
  (setq-local font-lock-defaults '(foil--font-lock-keywords)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.foi\\.\\(?:txt\\|md\\)\\'" . foi-mode))

(with-eval-after-load 'eglot
  (defvar eglot-server-programs)
  (add-to-list 'eglot-server-programs '(foi-mode . foil-server-command)))

(declare-function eglot-ensure "eglot")

;;;###autoload
(defun foil-eglot-in-workspace ()
  "Start foil for this buffer when it sits in a workspace with a foil.toml.
Meant for `text-mode-hook' and `markdown-mode-hook': other text files
are left alone."
  (when (and buffer-file-name (locate-dominating-file buffer-file-name "foil.toml"))
    (require 'eglot)
    (setq-local eglot-server-programs
                (cons (cons major-mode #'foil-server-command)
                      (default-value 'eglot-server-programs)))
    (eglot-ensure)))

(provide 'foil)
;;; foil.el ends here
