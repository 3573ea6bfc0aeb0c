"""The ground floor: helpers every door uses (error bodies, paging, log context, text
fields, the console's vocabulary). It imports Django and libraries, nothing of ours."""
