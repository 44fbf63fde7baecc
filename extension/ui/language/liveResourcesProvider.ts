// Live awareness for the language service. The explorer does not cache resources yet, so this
// provider knows nothing and nothing is flagged against live data; when the explorer lands it
// implements `LiveResources` over its cache (never a request per keystroke) and replaces this.
import { NO_LIVE_RESOURCES, type LiveResources } from '../../language/liveResources';

export function explorerLiveResources(): LiveResources {
  return NO_LIVE_RESOURCES;
}
