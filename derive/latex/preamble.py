"""The LaTeX preamble every generated document shares, and its macros.

Only packages from Debian's ``texlive-latex-base`` and
``texlive-latex-recommended`` are used (amsmath, amssymb, amsthm, booktabs,
longtable, array, geometry, lmodern when present).

Macros the writers use:

* ``\\markproved``, ``\\markrefuted``, ``\\markunknown``, ``\\markassumed``,
  ``\\markunread`` -- the small verification marks;
* ``\\eqnref{sec:label}{N}`` -- the number ``(s.N)`` of equation ``N`` of the
  section labelled ``sec:label``; the writers number the steps themselves,
  so that each equation's tag can carry its mark (``\\tag*``);
* ``\\stepnote{...}``, ``\\stepnumber{...}`` -- a justification in the
  notes column beside a chain, and the mark and number flush right after it;
* theorem environments ``theorem`` (numbered like its section) and ``result``;
  tables are numbered like their section too: one verification table each.
"""
from __future__ import annotations

__all__ = ["PREAMBLE", "DOCUMENT_OPTIONS", "MARKS"]

DOCUMENT_OPTIONS = "a4paper,11pt"

PREAMBLE = r"""\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\IfFileExists{lmodern.sty}{\usepackage{lmodern}}{}
\usepackage[a4paper,margin=2.5cm]{geometry}
\usepackage{amsmath}
\usepackage{amssymb}
\usepackage{amsthm}
\usepackage{booktabs}
\usepackage{longtable}
\usepackage{array}
\newcolumntype{L}[1]{>{\raggedright\arraybackslash}p{#1}}
\newcolumntype{R}[1]{>{\raggedleft\arraybackslash}p{#1}}
\newcolumntype{C}[1]{>{\centering\arraybackslash}p{#1}}
\numberwithin{equation}{section}
\allowdisplaybreaks
\setlength{\emergencystretch}{3em}
\tracinglostchars=2
\theoremstyle{plain}
\newtheorem{theorem}{Theorem}
\newtheorem{claim}[theorem]{Claim}
\renewcommand{\thetheorem}{\thesection}
\renewcommand{\thetable}{\thesection}
\newcommand{\markproved}{\ensuremath{\checkmark}}
\newcommand{\markrefuted}{\ensuremath{\boldsymbol{\times}}}
\newcommand{\markunknown}{\textbf{?}}
\newcommand{\markassumed}{\ensuremath{\cdot}}
\newcommand{\markunread}{\textbf{!}}
\newcommand{\eqnref}[2]{\textup{(\ref{#1}.#2)}}
\newlength{\notewidth}
\AtBeginDocument{\setlength{\notewidth}{0.3\textwidth}}
\newcommand{\stepnote}[1]{\parbox[t]{\notewidth}{\footnotesize\raggedright #1}}
\newcommand{\stepnumber}[2]{\makebox[1.2em][r]{#1}\makebox[3.3em][r]{#2}}
\setlength{\LTcapwidth}{\textwidth}
% No creation date or random ID in the PDF: reruns give the same bytes.
\ifdefined\pdfinfoomitdate\pdfinfoomitdate=1\fi
\ifdefined\pdftrailerid\pdftrailerid{}\fi
\ifdefined\pdfsuppressptexinfo\pdfsuppressptexinfo=-1\fi"""

#: status -> the macro of its mark.
MARKS = {"proved": r"\markproved", "refuted": r"\markrefuted", "unknown": r"\markunknown",
         "assumed": r"\markassumed", "diagnostic": r"\markunread"}
