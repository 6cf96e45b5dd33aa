// The commented policy *Four Eyes: Create Workspace Policy* writes to `.vscode/four-eyes.json`.

/** A starter policy: valid as it stands, every section shown with a comment saying what it does. */
export const starterPolicy = `{
  // Four Eyes policy for this repository. Commit it: it applies to everyone who opens the folder.
  // It can only make things stricter than the organisation's and the built-in policy; settings that
  // would loosen them are ignored and reported, unless you trust this exact file. VS Code checks this
  // file against the schema Four Eyes ships: completion and errors come as you type.
  "version": 1,

  // Your own rules. Every field of "match" you give must fit one command; globs use minimatch.
  // A rule with a built-in id (e.g. "git.push.force") and no "match" raises that rule's level.
  "rules": [
    // { "id": "team.prod-db", "match": { "program": "psql", "args": "*prod*" }, "level": "critical", "reason": "Production database" },
    // { "id": "team.deploy", "match": { "commandLine": "make deploy*" }, "level": "high" }
  ],

  // Names of production targets (case-insensitive globs). A high action on production becomes critical, a medium one high.
  "production": {
    "kubeContexts": ["*prod*"],
    "awsProfiles": ["*prod*"],
    "terraformWorkspaces": ["*prod*"],
    "gitBranches": ["main", "release/*"]
  },

  // Paths whose change needs a person.
  "protectedPaths": ["**/*.tfstate"],

  // What each level needs: allow, approve, approve-typed, two-person or deny.
  "approval": {
    "high": "approve",
    "critical": "approve-typed",
    // "productionCritical": "two-person",   // needs "approvers" below
    "timeoutSeconds": 600,
    "humans": "log"                          // "approve" gates your own terminal commands too
  },

  // People who can co-sign two-person requests: { "name": "Dana", "publicKey": "ed25519:<base64>" }.
  "approvers": []
}
`;
