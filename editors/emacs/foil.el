;;; foil.el --- FOI responses checked by the foil language server  -*- lexical-binding: t; -*-

;; Version: 0.2.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, tools

;;; Commentary:

;; `foi-mode' for Freedom of Information responses, and an eglot registration
;; that runs `foil lsp' for them.  Eglot then shows foil's findings through
;; Flymake, hovers through ElDoc, and its quick fixes with `eglot-code-actions'.
;;
;;   (add-to-list 'load-path "/path/to/foil/editors/emacs")
;;   (require 'foil)
;;
;; A buffer is in `foi-mode' when its file is *.foi.txt or *.foi.md, or a
;; plain *.txt file whose first 8 KB read as an FOI response (the cues of foil's
;; own test, `foil-looks-like-response'; other .txt files stay in text-mode).
;; `foi-mode' starts eglot itself (`foil-eglot-ensure').
;;
;; Plain text and markdown files inside a workspace with a foil.toml can use foil
;; too: (add-hook 'text-mode-hook #'foil-eglot-in-workspace).

;;; Code:

(require 'cl-lib)
(require 'subr-x)

(defgroup foil nil
  "FOI responses checked by the foil language server."
  :group 'text
  :prefix "foil-")

(defcustom foil-server-path nil
  "The foil binary.
When nil, the FOIL_PATH environment variable, then `foil' on `exec-path'."
  :type '(choice (const :tag "FOIL_PATH, then PATH" nil) file))

(defcustom foil-eglot-ensure t
  "Whether `foi-mode' starts eglot (`eglot-ensure') when eglot is installed."
  :type 'boolean)

(defun foil-server-program ()
  "The foil binary to run, following `foil-server-path'."
  (let ((from-env (getenv "FOIL_PATH")))
    (cond ((and foil-server-path (not (string-empty-p foil-server-path))) foil-server-path)
          ((and from-env (not (string-empty-p from-env))) from-env)
          (t (or (executable-find "foil") "foil")))))

(defun foil-server-command (&optional _interactive)
  "The language server command, for `eglot-server-programs'."
  (list (foil-server-program) "lsp"))

;;;; Which text is an FOI response
;;
;; The cues of foil's own test (src/engine/detect.rs, `looks_like_response'):
;; the server shows the same files.  Change the two together: tests/it/editors.rs
;; checks that they agree.

(defconst foil-detect-head-bytes 8192
  "The cues are looked for in the first this many bytes (UTF-8).")

(defconst foil-detect-named
  '("freedom of information" "environmental information regulations"
    "information request" "you asked" "our response" "we responded"
    "requested information" "information requested"
    "information you requested" "information you have requested")
  "Any one of these (ASCII case ignored, anywhere) names the text as a response.")

(defconst foil-detect-abbreviations '("FOI" "FoI" "FOIA" "FOISA" "FOIR")
  "The abbreviations of the Acts, as whole words (case kept).")

(defconst foil-detect-request
  '("your request" "please provide" "please supply" "please state"
    "please confirm" "please enter" "i would like" "i am requesting"
    "request date" "date requested" "request received" "details of the request"
    "reference number" "our ref" "your ref" "case number" "do not hold"
    "does not hold" "not held" "information you hold" "withheld" "exemption")
  "Two different ones make a response.
ASCII case ignored; each must not follow a letter.")

(defun foil--request-layout-p (lower)
  "Whether LOWER (lowercased) is laid out as a request's questions and answers."
  (let ((numbered 0) (questions 0) (answers 0) (asking 0) (case-fold-search nil)
        ;; A numbered line whose question mark is still to come (a question
        ;; wrapped over lines ends it on a later line of its paragraph).
        (open-question nil))
    (dolist (line (split-string lower "\n"))
      (let* ((label (replace-regexp-in-string "\\`[^a-z0-9]+" "" line))
             (question-label
              (or (string-match-p "\\`\\(?:question\\|q\\)[ \t]*\\(?:number[ \t]*\\)?[0-9]" label)
                  ;; "Question Three": numbers a form spells, one to twenty.
                  (string-match-p
                   (concat "\\`question[ \t]+"
                           (regexp-opt '("one" "two" "three" "four" "five" "six" "seven" "eight"
                                         "nine" "ten" "eleven" "twelve" "thirteen" "fourteen"
                                         "fifteen" "sixteen" "seventeen" "eighteen" "nineteen"
                                         "twenty")
                                       'words))
                   label)))
             (numbered-line
              (or question-label
                  (string-match-p "\\`[ \t>]*(?[0-9][0-9]?[a-z]?[.):]" line))))
        (cond ((and (string-match-p "?" line) (or numbered-line open-question))
               (cl-incf numbered)
               (setq open-question nil))
              (numbered-line (setq open-question t))
              ((string-match-p "\\`[ \t\r]*\\'" line) (setq open-question nil)))
        (when question-label
          (cl-incf questions))
        (when (string-match-p "\\`\\(?:answer\\|response\\|a)\\|a:\\|a[ \t]*[0-9]\\)" label)
          (cl-incf answers)))
      (when (string-match-p "\\?[ \t\r*]*\\'" line)
        (cl-incf asking)))
    (or (>= numbered 4)
        (and (>= questions 2) (>= answers 1))
        (and (>= asking 2) (>= answers 2)))))

(defun foil-looks-like-response (text)
  "Whether TEXT reads as an FOI response, by the cues of foil's own test."
  (let* ((bytes (if (multibyte-string-p text) (encode-coding-string text 'utf-8-unix t) text))
         ;; No-break spaces (text pasted from letters) count as spaces.
         (head (replace-regexp-in-string
                "\302\240" " "
                (substring bytes 0 (min (length bytes) foil-detect-head-bytes)) t t))
         (lower (downcase head))
         (case-fold-search nil))
    (or (cl-some (lambda (name) (string-match-p (regexp-quote name) lower)) foil-detect-named)
        (cl-some (lambda (abbreviation)
                   (string-match-p (concat "\\(?:\\`\\|[^A-Za-z]\\)" abbreviation
                                           "\\(?:[^A-Za-z]\\|\\'\\)")
                                   head))
                 foil-detect-abbreviations)
        (>= (cl-count-if (lambda (phrase)
                           (string-match-p (concat "\\(?:\\`\\|[^a-z]\\)" (regexp-quote phrase)) lower))
                         foil-detect-request)
            2)
        (foil--request-layout-p lower))))

;;;###autoload
(defun foil-response-buffer-p ()
  "Whether the buffer visits a .txt file that reads as an FOI response.
For `magic-mode-alist'."
  (and buffer-file-name
       (let ((case-fold-search t))
         (string-match-p "\\.txt\\'" buffer-file-name))
       (save-restriction
         (widen)
         (foil-looks-like-response
          (buffer-substring-no-properties
           (point-min) (min (point-max) (+ (point-min) foil-detect-head-bytes)))))))

;;;; The outline

(defvar eglot-stay-out-of)
(declare-function eglot-current-server "eglot")
(declare-function eglot--TextDocumentIdentifier "eglot")
(declare-function eglot--lsp-position-to-point "eglot")
(declare-function jsonrpc-request "jsonrpc")

(defun foil-imenu-create-index ()
  "One imenu entry per question, in the order of the response.
eglot's own index groups symbols by kind and repeats each question as the
container of the figures read from it."
  (when-let ((server (and (fboundp 'eglot-current-server) (eglot-current-server))))
    (let ((symbols (jsonrpc-request server :textDocument/documentSymbol
                                    `(:textDocument ,(eglot--TextDocumentIdentifier)))))
      (cl-loop for symbol across (or symbols [])
               for detail = (plist-get symbol :detail)
               for range = (or (plist-get symbol :selectionRange)
                               (plist-get (plist-get symbol :location) :range))
               collect (cons (if (and detail (not (string-empty-p detail)))
                                 (format "%s — %s" (plist-get symbol :name) detail)
                               (plist-get symbol :name))
                             (save-excursion
                               (eglot--lsp-position-to-point (plist-get range :start))))))))

(defun foil--use-own-imenu ()
  "Make `imenu' list this buffer's questions with `foil-imenu-create-index'."
  (setq-local eglot-stay-out-of (cons 'imenu (and (boundp 'eglot-stay-out-of)
                                                  (default-value 'eglot-stay-out-of))))
  (setq-local imenu-create-index-function #'foil-imenu-create-index))

;;;; The mode

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

(declare-function eglot-ensure "eglot")

;;;###autoload
(define-derived-mode foi-mode text-mode "FOI"
  "Major mode for Freedom of Information responses read by foil.
Annotations are whole-line HTML comments, so `comment-dwim' writes them.
Starts eglot when `foil-eglot-ensure' is non-nil."
  (setq-local comment-start "<!-- ")
  (setq-local comment-end " -->")
  (setq-local font-lock-defaults '(foil--font-lock-keywords))
  (foil--use-own-imenu)
  (when (and foil-eglot-ensure buffer-file-name (require 'eglot nil t))
    (eglot-ensure)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.foi\\.\\(?:txt\\|md\\)\\'" . foi-mode))

;;;###autoload
(add-to-list 'magic-mode-alist '(foil-response-buffer-p . foi-mode))

(with-eval-after-load 'eglot
  (defvar eglot-server-programs)
  (add-to-list 'eglot-server-programs '(foi-mode . foil-server-command)))

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
    (foil--use-own-imenu)
    (eglot-ensure)))

(provide 'foil)
;;; foil.el ends here
