;;; detect_agreement.el --- foil.el's content detector on a list of files  -*- lexical-binding: t; -*-

;; emacs --batch -q -L editors/emacs -l editors/tests/detect_agreement.el
;;
;; Runs `foil-looks-like-response' on the raw bytes of every file named in
;; $FOIL_DETECT_LIST (one path a line) and writes "1<TAB>path" or "0<TAB>path"
;; lines to $FOIL_DETECT_OUT; tests/it/editors.rs compares them with the engine's
;; own test.  Also byte-compiles foil.el with warnings as errors.

;;; Code:

(require 'bytecomp)
(require 'foil)

(condition-case err
    (let* ((byte-compile-error-on-warn t)
           (dir (make-temp-file "foil-el" t))
           (copy (expand-file-name "foil.el" dir)))
      (copy-file (locate-library "foil.el") copy)
      (unwind-protect
          (unless (byte-compile-file copy)
            (error "foil.el does not byte-compile cleanly"))
        (delete-directory dir t))
      (with-temp-file (getenv "FOIL_DETECT_OUT")
        (set-buffer-multibyte nil)
        (dolist (path (with-temp-buffer
                        (insert-file-contents (getenv "FOIL_DETECT_LIST"))
                        (split-string (buffer-string) "\n" t)))
          (let ((text (with-temp-buffer
                        (set-buffer-multibyte nil)
                        (insert-file-contents-literally path nil 0 foil-detect-head-bytes)
                        (buffer-string))))
            (insert (if (foil-looks-like-response text) "1" "0") "\t"
                    (encode-coding-string path 'utf-8) "\n"))))
      (kill-emacs 0))
  (error
   (message "detect_agreement.el: %s" (error-message-string err))
   (kill-emacs 1)))

;;; detect_agreement.el ends here
