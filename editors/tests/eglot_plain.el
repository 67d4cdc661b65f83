;;; eglot_plain.el --- A plain response in Emacs, with no configuration  -*- lexical-binding: t; -*-

;; FOIL_PATH=target/debug/foil FOIL_PLAIN_DIR=... FOIL_PLAIN_RESPONSE=x.txt \
;; FOIL_PLAIN_CODES=exempt,not-held FOIL_PLAIN_OTHER=notes.txt \
;;   emacs --batch -q -L editors/emacs -l editors/tests/eglot_plain.el
;;
;; Only `(require 'foil)': a .txt FOI response (no foil.toml above it) opens in
;; `foi-mode' through `magic-mode-alist', `foi-mode' starts eglot itself
;; (`eglot-ensure', which connects once the command that opened the file is
;; over: the scenario runs `post-command-hook' as the command loop would), and
;; the findings Flymake gets are the ones the engine reads (tests/it/editors.rs
;; passes their codes).  An ordinary .txt stays in `text-mode' with no eglot.
;; Exits 0 when every check passes, 1 with a message otherwise.

;;; Code:

(require 'cl-lib)
(require 'subr-x)
(require 'flymake)

(defvar eglot-sync-connect)
(defvar eglot-autoreconnect)
(defvar eglot--managed-mode)
(declare-function eglot-current-server "eglot")
(declare-function eglot-shutdown "eglot")

(define-error 'foil-plain-failure "foil plain response failure")

(defun foil-plain--fail (format-string &rest args)
  (signal 'foil-plain-failure (list (apply #'format format-string args))))

(defun foil-plain--say (format-string &rest args)
  (princ (concat (apply #'format format-string args) "\n")))

(defun foil-plain--wait (seconds predicate)
  "Run the event loop until PREDICATE is non-nil or SECONDS pass; return its value."
  (let ((deadline (+ (float-time) seconds)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(defun foil-plain--env (name)
  (let ((value (getenv name)))
    (if (and value (not (string-empty-p value)))
        value
      (foil-plain--fail "set %s (tests/it/editors.rs does)" name))))

(defun foil-plain--codes ()
  "The distinct codes of foil's diagnostics in Flymake, sorted."
  (sort (delete-dups
         (cl-loop for d in (flymake-diagnostics)
                  for lsp = (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))
                  when (equal (plist-get lsp :source) "foil")
                  collect (format "%s" (plist-get lsp :code))))
        #'string<))

(defun foil-plain--open (file)
  "Visit FILE as a person would: the command, then the command loop's hooks."
  (find-file file)
  (run-hooks 'post-command-hook))

(defun foil-plain--check-response (file wanted)
  (foil-plain--open file)
  (unless (eq major-mode 'foi-mode)
    (foil-plain--fail "%s opened in %s: the content detection did not take it for a response"
                      file major-mode))
  (foil-plain--say "ok: %s opened in foi-mode" (file-name-nondirectory file))
  (unless (foil-plain--wait 15 #'eglot-current-server)
    (foil-plain--fail "foi-mode did not start eglot with foil"))
  (foil-plain--say "ok: eglot manages the buffer")
  (let ((got (foil-plain--wait 15 (lambda ()
                                    (let ((codes (foil-plain--codes)))
                                      (and (equal codes wanted) codes))))))
    (unless got
      (foil-plain--fail "Flymake has foil diagnostics %S; the engine finds %S"
                        (foil-plain--codes) wanted))
    (foil-plain--say "ok: foil's diagnostics arrived: %s" (string-join got ","))))

(defun foil-plain--check-other (file)
  (foil-plain--open file)
  (unless (eq major-mode 'text-mode)
    (foil-plain--fail "%s opened in %s; an ordinary .txt stays in text-mode" file major-mode))
  (when (foil-plain--wait 1.5 (lambda () (bound-and-true-p eglot--managed-mode)))
    (foil-plain--fail "eglot manages %s, which is no FOI response" file))
  (when (foil-plain--codes)
    (foil-plain--fail "%s got foil diagnostics %S" file (foil-plain--codes)))
  (foil-plain--say "ok: %s stays in text-mode, without eglot" (file-name-nondirectory file)))

(defun foil-plain--run ()
  (let ((foil (foil-plain--env "FOIL_PATH")))
    (unless (file-executable-p foil)
      (foil-plain--fail "FOIL_PATH=%s is not an executable" foil)))
  (require 'foil)
  (setq eglot-sync-connect 15)
  (let ((dir (foil-plain--env "FOIL_PLAIN_DIR"))
        (wanted (sort (split-string (foil-plain--env "FOIL_PLAIN_CODES") "," t) #'string<)))
    (foil-plain--say "emacs %s" emacs-version)
    (foil-plain--check-response (expand-file-name (foil-plain--env "FOIL_PLAIN_RESPONSE") dir) wanted)
    (let ((server (eglot-current-server)))
      (foil-plain--check-other (expand-file-name (foil-plain--env "FOIL_PLAIN_OTHER") dir))
      (let ((eglot-autoreconnect nil))
        (eglot-shutdown server)))))

(condition-case err
    (progn
      (foil-plain--run)
      (foil-plain--say "eglot plain response: all checks passed")
      (kill-emacs 0))
  (foil-plain-failure
   (message "eglot plain response FAILED: %s" (cadr err))
   (kill-emacs 1))
  (error
   (message "eglot plain response FAILED: %s" (error-message-string err))
   (kill-emacs 1)))

;;; eglot_plain.el ends here
