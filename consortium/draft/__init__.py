"""The proposal draft: the parts of a proposal that follow from the partner list.

Part A's participant list, section 3.2 as capacity prose, a work-package draft with
leaders and a participation matrix, budget guidance from funded projects, and a tracker
of letters of commitment. Everything here restates what the data says (the topic's
requirements, the partners' CORDIS records, funded projects' EC contributions); the
writer edits it, nothing is invented.
"""
