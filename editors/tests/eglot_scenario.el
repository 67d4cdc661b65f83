;;; eglot_scenario.el --- The editor scenario through Emacs eglot  -*- lexical-binding: t; -*-

;; FOIL_PATH=target/debug/foil emacs --batch -q -L editors/emacs -l editors/tests/eglot_scenario.el
;;
;; `-q' (not `-Q') keeps Debian's site start-up, which puts elpa-eglot on the
;; load-path.  Opens the fixture in `foi-mode', which starts eglot through
;; foil.el's registration, and checks what eglot shows: the findings Flymake
;; gets, the outline `M-x imenu' offers, the hover text eglot renders, and the
;; Verify code action picked from eglot's menu.
;; Exits 0 when every check passes, 1 with a message otherwise.

;;; Code:

(require 'cl-lib)
(require 'json)
(require 'subr-x)
(require 'flymake)
(require 'xref)

;; eglot is loaded at run time (it may be missing: the scenario then says so).
(defvar eglot-sync-connect)
(defvar eglot-autoreconnect)
(defvar eglot--diagnostics)
(declare-function eglot "eglot")
(declare-function eglot--guess-contact "eglot")
(declare-function eglot-current-server "eglot")
(declare-function eglot--TextDocumentPositionParams "eglot")
(declare-function eglot--TextDocumentIdentifier "eglot")
(declare-function eglot--hover-info "eglot")
(declare-function eglot-code-actions "eglot")
(declare-function eglot-shutdown "eglot")
(declare-function jsonrpc-request "jsonrpc")
(declare-function jsonrpc-running-p "jsonrpc")
(declare-function foil-server-command "foil")
(declare-function lm-version "lisp-mnt")
(declare-function find-library-name "find-func")

(defvar foil-scenario--dir (file-name-directory (or load-file-name buffer-file-name)))

(define-error 'foil-scenario-failure "foil scenario failure")

(defun foil-scenario--fail (format-string &rest args)
  (signal 'foil-scenario-failure (list (apply #'format format-string args))))

(defun foil-scenario--say (format-string &rest args)
  (princ (concat (apply #'format format-string args) "\n")))

(defun foil-scenario--wait (seconds predicate)
  "Run the event loop until PREDICATE is non-nil or SECONDS pass; return its value."
  (let ((deadline (+ (float-time) seconds)) value)
    (while (and (not (setq value (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(defun foil-scenario--line-of (anchor)
  "1-based line of the first line containing ANCHOR, and the position of ANCHOR."
  (save-excursion
    (goto-char (point-min))
    (unless (search-forward anchor nil t)
      (foil-scenario--fail "the fixture has no line containing %S" anchor))
    (cons (line-number-at-pos (match-beginning 0)) (match-beginning 0))))

(defun foil-scenario--diagnostics ()
  "foil's diagnostics as eglot handed them over: (CODE LINE LAST-LINE TEXT)."
  (let ((diags (or (flymake-diagnostics) (and (boundp 'eglot--diagnostics) eglot--diagnostics))))
    (cl-loop for d in diags
             for lsp = (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d))
             when (equal (plist-get lsp :source) "foil")
             collect (list (plist-get lsp :code)
                           (line-number-at-pos (flymake-diagnostic-beg d))
                           (line-number-at-pos (max (flymake-diagnostic-beg d)
                                                    (1- (flymake-diagnostic-end d))))
                           (flymake-diagnostic-text d)))))

(defun foil-scenario--check-findings (scenario)
  (let* ((findings (alist-get 'findings scenario))
         (codes (mapcar (lambda (f) (alist-get 'code f)) findings))
         (seen (foil-scenario--wait
                15 (lambda ()
                     (let ((diags (foil-scenario--diagnostics)))
                       (and (cl-every (lambda (code) (assoc code diags)) codes) diags))))))
    (dolist (d (foil-scenario--diagnostics))
      (foil-scenario--say "  diagnostic line %d: %s" (nth 1 d) (nth 3 d)))
    (unless seen
      (foil-scenario--fail "after 15 s eglot has foil diagnostics %S; expected %S"
                           (mapcar #'car (foil-scenario--diagnostics)) codes))
    (dolist (finding findings)
      (let* ((code (alist-get 'code finding))
             (line (car (foil-scenario--line-of (alist-get 'anchor finding))))
             (matching (cl-remove-if-not (lambda (d) (equal (car d) code)) seen)))
        (unless (= (length matching) 1)
          (foil-scenario--fail "expected exactly one %S diagnostic, got %d" code (length matching)))
        (let ((first (nth 1 (car matching))) (last (nth 2 (car matching))))
          (unless (<= first line last)
            (foil-scenario--fail "the %S diagnostic covers lines %d-%d; it should cover line %d"
                                 code first last line)))
        (foil-scenario--say "ok: %s on line %d" code line)))))

(defun foil-scenario--check-hover (scenario)
  (let* ((hover (alist-get 'hover scenario))
         (at (foil-scenario--line-of (alist-get 'anchor hover)))
         (server (eglot-current-server)))
    (goto-char (1+ (cdr at)))
    (let* ((result (jsonrpc-request server :textDocument/hover
                                    (eglot--TextDocumentPositionParams)
                                    :timeout 15))
           (contents (plist-get result :contents))
           (shown (and contents (eglot--hover-info contents))))
      (unless shown
        (foil-scenario--fail "no hover on %S (line %d)" (alist-get 'anchor hover) (car at)))
      ;; eglot offers markdown only when it can render it (gfm-view-mode); markdown
      ;; sent anyway shows up raw, asterisks and all.
      (let ((kind (and (listp contents) (plist-get contents :kind)))
            (accepted (if (fboundp 'gfm-view-mode) '("markdown" "plaintext") '("plaintext"))))
        (when (and kind (not (member kind accepted)))
          (dolist (line (split-string shown "\n"))
            (foil-scenario--say "  hover: %s" line))
          (foil-scenario--fail "the hover is %s; eglot declared contentFormat %S, so it shows the markup raw"
                               kind accepted)))
      (dolist (line (split-string shown "\n"))
        (foil-scenario--say "  hover: %s" line))
      (unless (string-search (alist-get 'expect hover) shown)
        (foil-scenario--fail "the hover on %S does not show %S"
                             (alist-get 'anchor hover) (alist-get 'expect hover)))
      (foil-scenario--say "ok: hover on %s shows %s" (alist-get 'anchor hover) (alist-get 'expect hover)))))

(defun foil-scenario--check-definition (scenario)
  "M-. on the referral lands on the answer it points to."
  (let* ((spec (alist-get 'definition scenario))
         (from (foil-scenario--line-of (alist-get 'anchor spec)))
         (target (car (foil-scenario--line-of (alist-get 'target_anchor spec))))
         (buffer (current-buffer)))
    (goto-char (1+ (cdr from)))
    (let ((backend (xref-find-backend)))
      (xref-find-definitions (xref-backend-identifier-at-point backend)))
    (unless (eq (current-buffer) buffer)
      (foil-scenario--fail "go to definition on the referral left the response for %s" (current-buffer)))
    (let ((now (line-number-at-pos)))
      (unless (= now target)
        (foil-scenario--fail "go to definition on the referral (line %d) went to line %d, not the answer on line %d"
                             (car from) now target))
      (foil-scenario--say "ok: go to definition from line %d to the answer on line %d" (car from) now))))

(defun foil-scenario--check-code-action (scenario)
  (let* ((spec (alist-get 'code_action scenario))
         (prefix (alist-get 'title_prefix spec))
         (at (foil-scenario--line-of (alist-get 'anchor spec)))
         (before (buffer-string))
         (before-lines (split-string before "\n"))
         offered picked)
    (goto-char (1+ (cdr at)))
    ;; A person picks from eglot's menu: stand in for them at the prompt.
    (cl-letf (((symbol-function 'completing-read)
               (lambda (_prompt collection &rest _)
                 (setq offered (mapcar #'car collection))
                 (setq picked (cl-find-if (lambda (title) (string-prefix-p prefix title)) offered))
                 (or picked (foil-scenario--fail "no code action titled %S... among %S" prefix offered))))
              (last-nonmenu-event ?\r))
      (eglot-code-actions (point) nil nil t))
    (dolist (title offered)
      (foil-scenario--say "  code action: %s" title))
    (foil-scenario--wait 2 (lambda () (not (equal (buffer-string) before))))
    (let* ((after-lines (split-string (buffer-string) "\n"))
           (inserted (or (cl-loop for i from 0 below (length before-lines)
                                  unless (equal (nth i before-lines) (nth i after-lines))
                                  return i)
                         (1- (length after-lines))))
           (new-line (nth inserted after-lines))
           (trimmed (string-trim new-line)))
      (unless (= (length after-lines) (1+ (length before-lines)))
        (foil-scenario--fail "%S changed the line count from %d to %d"
                             picked (length before-lines) (length after-lines)))
      (unless (and (string-prefix-p (alist-get 'inserted_prefix spec) trimmed)
                   (string-suffix-p (alist-get 'inserted_suffix spec) trimmed))
        (foil-scenario--fail "%S inserted %S, not an annotation line" picked new-line))
      (unless (equal (append (cl-subseq after-lines 0 inserted) (nthcdr (1+ inserted) after-lines))
                     before-lines)
        (foil-scenario--fail "%S changed the response's own text" picked))
      (unless (= (1+ inserted) (1+ (car at)))
        (foil-scenario--fail "the annotation went to line %d; it belongs right after the answer on line %d"
                             (1+ inserted) (car at)))
      (foil-scenario--say "ok: %S inserted line %d: %s" picked (1+ inserted) new-line))))

(defun foil-scenario--check-outline ()
  "M-x imenu: one entry per question, in the response's order, no groups."
  (let* ((symbols (jsonrpc-request (eglot-current-server) :textDocument/documentSymbol
                                   `(:textDocument ,(eglot--TextDocumentIdentifier))))
         (index (funcall imenu-create-index-function))
         (positions (mapcar (lambda (entry) (and (number-or-marker-p (cdr entry))
                                                 (+ 0 (cdr entry))))
                            index)))
    (dolist (entry index)
      (foil-scenario--say "  imenu: %s" (car entry)))
    (unless (cl-every #'identity positions)
      (foil-scenario--fail "the imenu index has groups: %S" (mapcar #'car index)))
    (unless (= (length index) (length symbols))
      (foil-scenario--fail "the imenu index has %d entries for %d questions" (length index) (length symbols)))
    (unless (equal positions (sort (copy-sequence positions) #'<))
      (foil-scenario--fail "the imenu entries are not in the order of the response"))
    (unless (= (length (delete-dups (mapcar #'car index))) (length index))
      (foil-scenario--fail "the imenu index names a question twice"))
    (unless (string-prefix-p "Q1 " (caar index))
      (foil-scenario--fail "the first imenu entry is %S, not question 1" (caar index)))
    (foil-scenario--say "ok: imenu lists the %d questions once each, in order" (length index))))

(defun foil-scenario--eglot-version ()
  (require 'lisp-mnt)
  (require 'find-func)
  (or (ignore-errors
        (with-temp-buffer
          (insert-file-contents (find-library-name "eglot"))
          (lm-version)))
      "unknown"))

(defun foil-scenario--run ()
  (let ((foil (getenv "FOIL_PATH")))
    (unless (and foil (file-executable-p foil))
      (foil-scenario--fail "set FOIL_PATH to the foil binary (now %S)" foil)))
  (unless (require 'eglot nil t)
    (foil-scenario--fail "eglot is not installed (Debian: elpa-eglot)"))
  (require 'foil)
  (let* ((scenario-file (or (getenv "FOIL_SCENARIO")
                            (expand-file-name "fixtures/northwick.scenario.json" foil-scenario--dir)))
         (scenario (let ((json-object-type 'alist) (json-array-type 'list))
                     (json-read-file scenario-file)))
         (workdir (make-temp-file "foil-eglot" t))
         (copy (expand-file-name (alist-get 'fixture scenario) workdir)))
    (copy-file (expand-file-name (alist-get 'fixture scenario) (file-name-directory scenario-file)) copy)
    (setq eglot-sync-connect 15)
    (find-file copy)
    (unless (eq major-mode 'foi-mode)
      (foil-scenario--fail "%s opened in %s, expected foi-mode" copy major-mode))
    (foil-scenario--say "emacs %s, eglot %s, file %s" emacs-version
                        (foil-scenario--eglot-version) copy)
    ;; foi-mode calls eglot-ensure, which connects when the command that
    ;; opened the file is over: run the command loop's hook as it would.
    (condition-case err
        (run-hooks 'post-command-hook)
      (error (foil-scenario--fail "eglot could not start `%s': %s"
                                  (string-join (foil-server-command) " ") (error-message-string err))))
    (unless (foil-scenario--wait 15 (lambda () (eglot-current-server)))
      (foil-scenario--fail "eglot has no foil server for the buffer (did `foil lsp' answer initialize?)"))
    (foil-scenario--say "ok: eglot manages the buffer with %s" (string-join (foil-server-command) " "))
    (foil-scenario--check-findings scenario)
    (foil-scenario--check-outline)
    (foil-scenario--check-hover scenario)
    (foil-scenario--check-definition scenario)
    (foil-scenario--check-code-action scenario)
    (let ((server (eglot-current-server)))
      (unless (and server (jsonrpc-running-p server))
        (foil-scenario--fail "the foil server stopped during the scenario"))
      (let ((eglot-autoreconnect nil))
        (eglot-shutdown server)))))

(condition-case err
    (progn
      (foil-scenario--run)
      (foil-scenario--say "eglot scenario: all checks passed")
      (kill-emacs 0))
  (foil-scenario-failure
   (message "eglot scenario FAILED: %s" (cadr err))
   (kill-emacs 1))
  (error
   (message "eglot scenario FAILED: %s" (error-message-string err))
   (kill-emacs 1)))

;;; eglot_scenario.el ends here
